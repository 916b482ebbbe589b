"""Writes for notifications. (Conversations and real-time events arrive with the
messaging issue; they will broadcast through messaging/events.py.)"""

from django.db import IntegrityError, transaction

from community.models import User

from .models import Notification, NotificationPreference


def wants(*, user: User, kind: str) -> bool:
    """Whether the member wants to hear of this kind of news on the site."""
    channel = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    return channel in (
        None,
        NotificationPreference.Channel.SITE,
        NotificationPreference.Channel.BOTH,
    )


def notify(
    *, user: User, kind: str, text: str, url: str = "", key: str = ""
) -> Notification | None:
    """Store a notification for `user` unless they turned this kind off, or were
    already told about the same `key`. Returns it, or None."""
    if not wants(user=user, kind=kind):
        return None
    if key and Notification.objects.filter(user=user, kind=kind, key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user=user, kind=kind, text=str(text)[:300], url=url, key=key
            )
    except IntegrityError:
        # Told about it by a concurrent request: once is enough.
        return None


def mark_all_read(*, user: User) -> int:
    from django.utils import timezone

    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_preferences(*, user: User, channels: dict[str, str]) -> None:
    """Save how the member wants to hear of each kind of news."""
    from django.core.exceptions import ValidationError

    kinds = set(Notification.Kind.values)
    allowed = set(NotificationPreference.Channel.values)
    if not set(channels) <= kinds or not set(channels.values()) <= allowed:
        raise ValidationError("unknown kind or channel", code="invalid")
    for kind, channel in channels.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"channel": channel}
        )
