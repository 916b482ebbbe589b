"""How each member wants to hear of each kind of news, and the one-click
unsubscribe."""

from django.core.exceptions import ValidationError
from django.db import transaction

from community.models import User

from .. import selectors
from ..models import Frequency, Notification, NotificationPreference


@transaction.atomic
def set_preferences(
    *,
    user: User,
    channels: dict[str, str],
    frequencies: dict[str, str] | None = None,
    pushes: dict[str, bool] | None = None,
) -> None:
    """Save how the member wants to hear of each kind of news, how often the
    e-mails of each kind come (at once, daily or weekly summary), and which
    kinds are pushed to the devices where they turned push on."""
    frequencies = frequencies or {}
    pushes = pushes or {}
    kinds = set(Notification.Kind.values)
    allowed = set(NotificationPreference.Channel.values)
    if (
        not (set(channels) | set(frequencies) | set(pushes)) <= kinds
        or not set(channels.values()) <= allowed
        or not set(frequencies.values()) <= set(Frequency.values)
        or not all(isinstance(value, bool) for value in pushes.values())
    ):
        raise ValidationError("unknown kind, channel or frequency", code="invalid")
    for kind in set(channels) | set(frequencies) | set(pushes):
        values = {}
        if kind in channels:
            values["channel"] = channels[kind]
        if kind in frequencies:
            values["frequency"] = frequencies[kind]
        if kind in pushes:
            values["push"] = pushes[kind]
        preference, created = NotificationPreference.objects.get_or_create(
            user=user,
            kind=kind,
            defaults={
                "channel": selectors.default_channel(kind),
                "push": selectors.default_push(kind),
                **values,
            },
        )
        if not created:
            for field, value in values.items():
                setattr(preference, field, value)
            preference.save(update_fields=list(values))


# What stopping e-mail leaves: the site only, or nothing when it was e-mail only.
_WITHOUT_EMAIL = {
    NotificationPreference.Channel.BOTH: NotificationPreference.Channel.SITE,
    NotificationPreference.Channel.EMAIL: NotificationPreference.Channel.NONE,
}


@transaction.atomic
def unsubscribe(*, user: User, kind: str) -> None:
    """Stop the e-mails the link in them was about, for the member: one kind of
    news (`kind` a Notification.Kind), or one summary (`kind` "daily" or
    "weekly": every kind the member had in it). What came on the site and by
    e-mail now comes on the site only; other kinds are left as they were."""
    if kind in Notification.Kind.values:
        kinds = [kind]
    elif kind in (Frequency.DAILY, Frequency.WEEKLY):
        kinds = list(
            NotificationPreference.objects.filter(
                user=user, frequency=kind
            ).values_list("kind", flat=True)
        )
    else:
        raise ValidationError("unknown kind", code="invalid")
    channels = {}
    for each in kinds:
        channel = selectors.channels_of(users=[user], kind=each)[user.pk]
        if channel in _WITHOUT_EMAIL:
            channels[each] = _WITHOUT_EMAIL[channel]
    if channels:
        set_preferences(user=user, channels=channels)
    # News already waiting for a summary no longer comes by e-mail.
    Notification.objects.filter(user=user, kind__in=kinds).exclude(summary="").update(
        summary=""
    )
