"""Writes for the members' rights: the signed link of a data export (built
by rights.export.build_export), and leaving for good: asking, the grace
period, and erasing."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community import services as community_services
from community.models import User
from exchanges import services as exchange_services
from messaging import services as messaging_services
from moderation import services as moderation_services
from neighbourhoods import services as neighbourhood_services
from notifications import texts
from notifications.models import Notification, NotificationPreference

from .export import build_export
from .models import AccountDeletion, DataExport

EXPORT_SALT = "rights.export"


def export_token(*, export: DataExport) -> str:
    """A token naming one export of one member, for its download link (the
    export itself expires DATA_EXPORT_LINK_HOURS after it is ready)."""
    return signing.Signer(salt=EXPORT_SALT).sign(f"{export.user_id}:{export.pk}")


def export_of_token(token: str, *, user: User) -> DataExport | None:
    """The member's ready export the token names, while its link is valid;
    None when the token is forged, another member's, or expired."""
    try:
        value = signing.Signer(salt=EXPORT_SALT).unsign(token)
    except signing.BadSignature:
        return None
    user_id, _sep, export_id = value.partition(":")
    if user_id != str(user.pk) or not export_id.isdigit():
        return None
    return (
        DataExport.objects.filter(
            pk=int(export_id), user=user, ready_at__gte=_links_since()
        )
        .exclude(content=None)
        .first()
    )


def _links_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=settings.DATA_EXPORT_LINK_HOURS)


def latest_export(*, user: User) -> DataExport | None:
    """The member's latest export still being built or still downloadable."""
    return (
        DataExport.objects.filter(user=user)
        .filter(Q(ready_at=None) | Q(ready_at__gte=_links_since()))
        .defer("content")
        .order_by("-requested_at")
        .first()
    )


@transaction.atomic
def request_export(*, user: User) -> DataExport:
    """The member asks for their data: built in the task queue, never in the
    request (it may be large); asking again while one is being built gives
    that one."""
    User.objects.select_for_update().get(pk=user.pk)
    pending = DataExport.objects.filter(user=user, ready_at=None).first()
    if pending is not None:
        return pending
    export = DataExport.objects.create(user=user)
    from . import tasks  # the tasks call these services: imported when used

    transaction.on_commit(lambda: tasks.build_data_export(export.pk))
    return export


def build_data_export(*, export_id: int) -> DataExport | None:
    """Build the file of an export asked for (run by the task queue), and
    tell the member by e-mail that it is ready."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.ready_at is not None:
        return export
    export.content = build_export(user=export.user)
    export.ready_at = timezone.now()
    export.save(update_fields=["content", "ready_at"])
    _tell_export_ready(export)
    return export


def _tell_export_ready(export: DataExport) -> None:
    user = export.user
    if not user.email:
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        send_mail(
            _("Your data is ready to download"),
            _(
                "The file of your data is ready. Download it from the page "
                "“My data”: %(url)s\n\nThe link works %(hours)d hours."
            )
            % {
                "url": settings.SITE_URL.rstrip("/") + reverse("rights_my_data"),
                "hours": settings.DATA_EXPORT_LINK_HOURS,
            },
            None,
            [user.email],
        )


@transaction.atomic
def request_deletion(*, user: User, password: str) -> AccountDeletion:
    """The member asks to delete their account, confirming with their
    password. It is erased after ACCOUNT_DELETION_GRACE_DAYS unless they log
    in before (the caller logs them out)."""
    if not user.check_password(password):
        raise ValidationError(
            {"password": _("This is not your password.")}, code="wrong_password"
        )
    return _schedule(user=user, recorded_by=None)


@transaction.atomic
def request_deletion_at_desk(
    *, helper: User, resident: User, neighbourhood
) -> AccountDeletion:
    """At the desk, a moderator asks for the deletion of the account of a
    resident who is present and gave their consent; the moderator is recorded
    with the request and in the journal."""
    neighbourhood_services.record_deletion_at_desk(
        helper=helper, resident=resident, neighbourhood=neighbourhood
    )
    return _schedule(user=resident, recorded_by=helper)


def _schedule(*, user: User, recorded_by: User | None) -> AccountDeletion:
    erase_after = timezone.now() + datetime.timedelta(
        days=settings.ACCOUNT_DELETION_GRACE_DAYS
    )
    deletion, _created = AccountDeletion.objects.update_or_create(
        user=user, defaults={"erase_after": erase_after, "recorded_by": recorded_by}
    )
    return deletion


def cancel_deletion(*, user: User) -> bool:
    """Logging in during the grace period keeps the account. True when a
    deletion was waiting."""
    deleted, _rows = AccountDeletion.objects.filter(
        user=user, user__erased_at__isnull=True
    ).delete()
    return bool(deleted)


@transaction.atomic
def erase_account(*, user: User) -> None:
    """Erase the person: their account and profile, their place in their
    neighbourhoods, their notifications, their texts in what others keep (the
    exchanges done stay, from "a former member"), and their pseudonym from the
    journal and others' notifications."""
    pseudonym = community_services.erase_account_data(user=user)
    neighbourhood_services.remove_former_member(user=user, pseudonym=pseudonym)
    exchange_services.erase_contributions_of(user=user)
    messaging_services.erase_messages_of(user=user)
    moderation_services.erase_reports_of(user=user)
    # Notifications are kept by their app for their reader only: theirs go,
    # and others' lose the pseudonym.
    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    if pseudonym:
        with translation.override(settings.LANGUAGE_CODE):
            former = _("a former member")
        # The words kept with each notification, then its parameters (written
        # in each reader's language when shown).
        mentioning = list(Notification.objects.filter(text__contains=pseudonym))
        for notification in mentioning:
            notification.params = texts.without(notification.params, pseudonym, former)
        Notification.objects.bulk_update(mentioning, ["params"])
        Notification.objects.filter(text__contains=pseudonym).update(
            text=Replace("text", Value(pseudonym), Value(former))
        )
    AccountDeletion.objects.filter(user=user).delete()


def erase_due_accounts(*, now=None) -> int:
    """Erase every account whose grace period is over; how many. Run it
    regularly (management command erase_accounts, or a periodic task)."""
    now = now or timezone.now()
    due = User.objects.filter(
        deletion__erase_after__lte=now, erased_at__isnull=True
    ).order_by("pk")
    count = 0
    for user in due:
        erase_account(user=user)
        count += 1
    return count
