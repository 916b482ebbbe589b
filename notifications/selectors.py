from typing import NamedTuple

from django.db.models import QuerySet

from .models import (
    FailingAddress,
    Frequency,
    Notification,
    NotificationPreference,
    PushSubscription,
)


def notifications_of(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preferences_of(*, user) -> dict[str, str]:
    return dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "channel")
    )


def unread_about(*, users, kind: str, url: str) -> set[int]:
    """The members among `users` who have an unread notification of this kind
    leading to `url` (one query)."""
    return set(
        Notification.objects.filter(
            user__in=users, kind=kind, url=url, read_at__isnull=True
        ).values_list("user_id", flat=True)
    )


def channels_of(*, users, kind: str) -> dict[int, str]:
    """How each of `users` wants to hear of this kind of news (one query)."""
    return {
        pk: choice.channel for pk, choice in choices_of(users=users, kind=kind).items()
    }


class Choice(NamedTuple):
    channel: str
    frequency: str
    push: bool


def choices_of(*, users, kind: str) -> dict[int, Choice]:
    """How each of `users` wants to hear of this kind of news, how often by
    e-mail, and whether pushed to their devices (one query)."""
    chosen = {
        user_id: Choice(channel, frequency, push)
        for user_id, channel, frequency, push in NotificationPreference.objects.filter(
            user__in=users, kind=kind
        ).values_list("user_id", "channel", "frequency", "push")
    }
    default = Choice(default_channel(kind), Frequency.IMMEDIATE, default_push(kind))
    return {user.pk: chosen.get(user.pk, default) for user in users}


def pushes_of(*, user) -> dict[str, bool]:
    """Which kinds of news the member wants pushed to their devices."""
    return dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "push")
    )


def push_subscriptions_of(*, user):
    """The devices on which the member turned push on."""
    return PushSubscription.objects.filter(user=user)


def pushed_to(*, users) -> set[int]:
    """The members among `users` who turned push on on some device (one
    query)."""
    return set(
        PushSubscription.objects.filter(user__in=users)
        .values_list("user_id", flat=True)
        .distinct()
    )


def frequencies_of(*, user) -> dict[str, str]:
    """How often the member wants e-mail of each kind they chose."""
    return dict(
        NotificationPreference.objects.filter(user=user).values_list(
            "kind", "frequency"
        )
    )


def summary_of(*, frequency: str):
    """The notifications waiting for this summary, by member then by date,
    with their members (one query)."""
    return (
        Notification.objects.filter(summary=frequency)
        .select_related("user__profile")
        .order_by("user_id", "created_at", "pk")
    )


# Unless the member chose otherwise: messages come by e-mail too, since a
# message nobody reads is what makes people give up; the rest on the site.
DEFAULT_CHANNELS = {Notification.Kind.MESSAGE: NotificationPreference.Channel.BOTH}


def default_channel(kind: str) -> str:
    return DEFAULT_CHANNELS.get(kind, NotificationPreference.Channel.SITE)


# Unless the member chose otherwise, on the devices where they turned push on:
# what concerns them directly, not the suggestions nor the reminders.
NOT_PUSHED_BY_DEFAULT = {
    Notification.Kind.MATCH,
    Notification.Kind.LISTING,
    Notification.Kind.CHARTER,
}


def default_push(kind: str) -> bool:
    return kind not in NOT_PUSHED_BY_DEFAULT


def on_site(channel: str) -> bool:
    return channel in (
        NotificationPreference.Channel.SITE,
        NotificationPreference.Channel.BOTH,
    )


def by_email(channel: str) -> bool:
    return channel in (
        NotificationPreference.Channel.EMAIL,
        NotificationPreference.Channel.BOTH,
    )


def failing_address(*, user) -> "FailingAddress | None":
    """The member's address, if e-mail to it keeps failing (one query)."""
    if not getattr(user, "email", ""):
        return None
    return FailingAddress.objects.filter(email=user.email.lower()).first()
