"""Writes for the members' rights: the signed link of a data export (built
by rights.export.build_export), and leaving for good: asking, the grace
period, and erasing."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community import services as community_services
from community.models import User
from exchanges import services as exchange_services
from messaging import services as messaging_services
from moderation import services as moderation_services
from neighbourhoods import services as neighbourhood_services
from notifications.models import Notification, NotificationPreference

from .models import AccountDeletion

EXPORT_SALT = "rights.export"


def export_token(*, user: User) -> str:
    """A token naming `user`, valid DATA_EXPORT_LINK_HOURS, for the download
    link of their data."""
    return signing.TimestampSigner(salt=EXPORT_SALT).sign(str(user.pk))


def user_of_export_token(token: str) -> int | None:
    """The id of the account the token names, or None when it is forged or
    expired."""
    try:
        value = signing.TimestampSigner(salt=EXPORT_SALT).unsign(
            token, max_age=settings.DATA_EXPORT_LINK_HOURS * 3600
        )
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


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
