"""Retention: accounts left unused are reminded, then removed; closed listings
and old notifications are purged. Each period is a setting, shown on the
privacy page. Run `purge_retention(now=...)` daily (management command
purge_retention, or a periodic task)."""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community.models import User
from exchanges import services as exchange_services
from neighbourhoods.models import Membership, OrganisationCoordinator
from notifications.models import Notification

from .models import DataExport, RetentionReminder

Reason = RetentionReminder.Reason
# A membership that was once granted: the person did join.
JOINED = [
    Membership.Status.ACTIVE,
    Membership.Status.SUSPENDED,
    Membership.Status.BANNED,
    Membership.Status.LEFT,
]


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def unused_accounts(reason: str):
    """Accounts of ordinary people left unused for `reason`, oldest first:
    never staff, operators or coordinators, never erased, never waiting for
    their own deletion."""
    accounts = User.objects.filter(
        is_staff=False,
        is_superuser=False,
        is_operator=False,
        erased_at__isnull=True,
        deletion__isnull=True,
    ).exclude(Exists(OrganisationCoordinator.objects.filter(user=OuterRef("pk"))))
    confirmed = Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True))
    if reason == Reason.UNCONFIRMED:
        # Accounts made at the desk without e-mail have nothing to confirm.
        return accounts.filter(email__isnull=False).exclude(confirmed)
    joined = Exists(Membership.objects.filter(user=OuterRef("pk"), status__in=JOINED))
    return accounts.filter(Q(email__isnull=True) | confirmed).exclude(joined)


PERIODS = {
    Reason.UNCONFIRMED: (
        "UNCONFIRMED_ACCOUNT_REMINDER_DAYS",
        "UNCONFIRMED_ACCOUNT_REMOVAL_DAYS",
    ),
    Reason.UNJOINED: (
        "UNJOINED_ACCOUNT_REMINDER_DAYS",
        "UNJOINED_ACCOUNT_REMOVAL_DAYS",
    ),
}


def _remind(user: User, reason: str, *, removal_on, now) -> None:
    RetentionReminder.objects.update_or_create(
        user=user, defaults={"reason": reason, "sent_at": now}
    )
    if not user.email:
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "reason": reason,
            "date": removal_on,
            "site_url": settings.SITE_URL,
        }
        message = render_to_string("rights/email_retention_reminder.txt", context)
        subject = _("Your Coup de main account will be removed")
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=message,
            from_email=None,
            recipient_list=[user.email],
        )
    )


@transaction.atomic
def purge_unused_accounts(*, now=None) -> dict[str, int]:
    """Remind the accounts unused for the reminder period (once), and remove
    those unused for the removal period that were reminded at least a week
    before, or as long before as the two periods allow."""
    now = now or timezone.now()
    reminded = removed = 0
    for reason, (remind_setting, remove_setting) in PERIODS.items():
        remind_after = _days(getattr(settings, remind_setting))
        remove_after = _days(getattr(settings, remove_setting))
        notice = min(_days(7), remove_after - remind_after)
        accounts = unused_accounts(reason)
        due = list(
            accounts.filter(
                date_joined__lte=now - remove_after,
                retention_reminder__reason=reason,
                retention_reminder__sent_at__lte=now - notice,
            ).values_list("pk", flat=True)
        )
        User.objects.filter(pk__in=due).delete()
        removed += len(due)
        for user in accounts.filter(date_joined__lte=now - remind_after).exclude(
            retention_reminder__reason=reason
        ):
            _remind(
                user,
                reason,
                removal_on=max(user.date_joined + remove_after, now + notice),
                now=now,
            )
            reminded += 1
    return {"reminded": reminded, "removed": removed}


def purge_notifications(*, now=None) -> int:
    now = now or timezone.now()
    deleted, _rows = Notification.objects.filter(
        created_at__lt=now - _days(settings.NOTIFICATION_RETENTION_DAYS)
    ).delete()
    return deleted


def purge_retention(*, now=None) -> dict[str, int]:
    """Everything the retention periods ask for, once; what was done."""
    now = now or timezone.now()
    result = purge_unused_accounts(now=now)
    result["listings"] = exchange_services.purge_closed_listings(
        closed_before=now - _days(settings.CLOSED_LISTING_RETENTION_DAYS)
    )
    result["notifications"] = purge_notifications(now=now)
    result["exports"] = purge_exports(now=now)
    return result


def purge_exports(*, now=None) -> int:
    """Data exports whose download link has expired are deleted; how many."""
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=settings.DATA_EXPORT_LINK_HOURS)
    deleted, _by_model = DataExport.objects.filter(ready_at__lt=since).delete()
    return deleted
