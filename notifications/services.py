"""Writes for the news told to members: stored first, then live on their open
pages (through the one door, `realtime.events`) and by e-mail, as each chose.
Every app's services call `notify` / `notify_many`."""

import base64
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community.models import User
from realtime import events

from . import links, push, selectors, texts
from .models import (
    NOTIFICATION_TEXT_MAX_LENGTH,
    Frequency,
    Notification,
    NotificationPreference,
    PushSubscription,
)

Text = str | Callable[[], str]


def notify(
    *,
    user: User,
    kind: str,
    message: str = "",
    params: dict[str, Any] | None = None,
    text: Text = "",
    url: str = "",
    key: str = "",
) -> Notification | None:
    """Tell `user` something, as their settings for this kind allow, unless they
    were already told about the same `key`. Returns the notification, or None."""
    told = notify_many(
        users=[user],
        kind=kind,
        message=message,
        params=params,
        text=text,
        url=url,
        key=key,
    )
    return told[0] if told else None


def notify_many_on_commit(*, users, **news) -> None:
    """notify_many once the caller's transaction commits: nothing is announced
    that did not happen. No one to tell, nothing is queued."""
    users = [user for user in users if user is not None]
    if users:
        transaction.on_commit(partial(notify_many, users=users, **news))


def notify_many(
    *,
    users,
    kind: str,
    message: str = "",
    params: dict[str, Any] | None = None,
    text: Text = "",
    url: str = "",
    key: str = "",
) -> list[Notification]:
    """Tell several members the same news, as each one chose: on the site
    (stored, and live on their open pages), by e-mail, both, or not at all.
    News by e-mail only is stored as already read, so that it is in the
    member's history but not in the header's count. Messages are never
    e-mailed one by one: `send_unread_summaries` gathers them.

    What is said is `message`, a key of `notifications.texts.TEXTS`, with its
    `params` (JSON): stored as such and written in the reader's language each
    time it is shown, e-mailed or sent live. `text` (words, or a function
    called under each member's language) is for news that has no message.

    A fixed number of queries for any number of members, plus one e-mail each
    for those who want e-mail."""

    users = [user for user in users if user is not None]
    if not users:
        return []
    if message and message not in texts.TEXTS:
        raise ValueError(f"no notification text {message!r}")
    params = params or {}
    choices = selectors.choices_of(users=users, kind=kind)
    already = set()
    if key:
        already = set(
            Notification.objects.filter(user__in=users, kind=kind, key=key).values_list(
                "user_id", flat=True
            )
        )
    now = timezone.now()
    made, emails = [], []
    for user in users:
        channel, frequency, _pushed = choices[user.pk]
        if channel == NotificationPreference.Channel.NONE or user.pk in already:
            continue
        already.add(user.pk)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            if message:
                words = texts.render(message, params)
            else:
                words = str(text() if callable(text) else text)
        words = words[:NOTIFICATION_TEXT_MAX_LENGTH]
        email = (
            selectors.by_email(channel)
            and kind != Notification.Kind.MESSAGE
            and bool(user.email)
        )
        summary = frequency if email and frequency != Frequency.IMMEDIATE else ""
        made.append(
            Notification(
                user=user,
                kind=kind,
                text=words,
                message=message,
                params=params,
                url=url,
                key=key,
                read_at=None if selectors.on_site(channel) else now,
                summary=summary,
            )
        )
        if email and not summary:
            emails.append(made[-1])
    if not made:
        return []
    if len(made) == 1:
        try:
            with transaction.atomic():
                made[0].save()
        except IntegrityError:
            # Told about it by a concurrent request: once is enough.
            return []
    else:
        Notification.objects.bulk_create(made, ignore_conflicts=True)
    live = [n for n in made if n.read_at is None]
    if live:
        transaction.on_commit(lambda: _announce(live))
    if emails:
        transaction.on_commit(lambda: _email_notifications(emails))
    _push(made, choices)
    return made


def _push(notifications: list[Notification], choices) -> None:
    """Have the queue push the news to the devices of those who want this kind
    pushed and turned push on somewhere (one query, none when nobody wants
    it)."""
    wanted = [n for n in notifications if choices[n.user_id].push]
    if not wanted or not push.enabled():
        return
    devices = selectors.pushed_to(users=[n.user_id for n in wanted])
    wanted = [n for n in wanted if n.user_id in devices]
    if wanted:
        # Robust: should the queue be out of reach, the news is still on the
        # site and the request still answers.
        transaction.on_commit(lambda: push.queue(wanted), robust=True)


def count_again(
    *, users, kind: str, url: str, message: str, params: dict[str, Any]
) -> list[Notification]:
    """News that adds to what an unread notification already says (another
    message in a conversation that waits): that notification counts one more
    ("Lucas wrote to you (3)"), takes the new `params` and the time of the
    news, and is shown live again; none is added. Returns those renewed.

    A fixed number of queries for any number of members."""
    if message not in texts.TEXTS:
        raise ValueError(f"no notification text {message!r}")
    waiting = list(
        Notification.objects.select_for_update(of=("self",))
        .filter(user__in=users, kind=kind, url=url, read_at__isnull=True)
        .select_related("user")
    )
    if not waiting:
        return []
    now = timezone.now()
    for notification in waiting:
        count = notification.params.get("count", 1)
        count = count if isinstance(count, int) and count > 0 else 1
        notification.message = message
        notification.params = {**params, "count": count + 1}
        notification.created_at = now
        with translation.override(reader_language(notification.user)):
            notification.text = notification.words()[:NOTIFICATION_TEXT_MAX_LENGTH]
    Notification.objects.bulk_update(
        waiting, ["message", "params", "created_at", "text"]
    )
    transaction.on_commit(lambda: _announce(waiting))
    if push.enabled():
        users = [n.user for n in waiting]
        _push(waiting, selectors.choices_of(users=users, kind=kind))
    return waiting


def _announce(notifications: list[Notification]) -> None:
    """Put the news on the member's open pages, with their new unread count."""
    at = time.time()
    counts = dict(
        Notification.objects.filter(
            user__in=[n.user_id for n in notifications], read_at__isnull=True
        )
        .values("user")
        .annotate(n=Count("pk"))
        .values_list("user", "n")
    )
    for notification in notifications:
        with translation.override(reader_language(notification.user)):
            words = notification.words()
        events.send_now(
            events.user_group(notification.user_id),
            events.notification(
                kind=notification.kind,
                text=words,
                url=notification.url,
                unread=counts.get(notification.user_id, 0),
                at=at,
            ),
        )


reader_language = texts.reader_language


def _email_notifications(notifications: list[Notification]) -> None:
    batch = []
    for notification in notifications:
        user, kind = notification.user, notification.kind
        with translation.override(reader_language(user)):
            words = notification.words()
            body = render_to_string(
                "notifications/email_notification.txt",
                {
                    "user": user,
                    "text": words,
                    "url": links.absolute(notification.url),
                    **email_context(user=user, kind=kind),
                },
            )
            subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + words[:120]
        batch.append(
            EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                headers=links.list_headers(user_id=user.pk, kind=kind),
            )
        )
    get_connection().send_messages(batch)


def email_context(*, user: User, kind: str) -> dict[str, str]:
    """What the foot of every e-mail of this kind names: the site, its address,
    the notification settings, and the link that stops this kind."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "settings_url": links.settings_url(),
        "unsubscribe_url": links.unsubscribe_url(user_id=user.pk, kind=kind),
    }


def mark_all_read(*, user: User) -> int:
    """Mark every notification read; the member's other open pages show a
    count of none."""
    count = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    transaction.on_commit(
        lambda: events.send_now(
            events.user_group(user.pk),
            events.unread(notifications=0, at=time.time()),
        )
    )
    return count


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


def mark_read_about(*, user: User, kind: str, url: str) -> int:
    """The member has seen what the notifications of this kind leading to
    `url` were about (e.g. a conversation read to its end)."""
    return Notification.objects.filter(
        user=user, kind=kind, url=url, read_at__isnull=True
    ).update(read_at=timezone.now())


# A member keeps at most this many devices with push on; the oldest goes.
PUSH_DEVICES_MAX = 10


@transaction.atomic
def turn_push_on(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Push the member's news to one more device: the subscription its browser
    made with our public key. A device already known now belongs to the
    member who turned push on last on it."""
    if not push.enabled():
        raise ValidationError(
            _("Push notifications are not available on this site."), code="disabled"
        )
    if len(endpoint) > 1000 or not push.allowed_endpoint(endpoint):
        raise ValidationError(_("This push service is not accepted."), code="endpoint")
    if not _key_of_length(p256dh, 65) or not _key_of_length(auth, 16):
        raise ValidationError(_("The keys of this device are not valid."), code="keys")
    device, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": user,
            "p256dh": p256dh,
            "auth": auth,
            "device": push.device_label(user_agent)[:100],
        },
    )
    extra = PushSubscription.objects.filter(user=user).order_by("-created_at", "-pk")[
        PUSH_DEVICES_MAX:
    ]
    PushSubscription.objects.filter(
        pk__in=list(extra.values_list("pk", flat=True))
    ).delete()
    return device


def _key_of_length(value: str, length: int) -> bool:
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))) == length
    except (ValueError, TypeError):
        return False


def turn_push_off(*, user: User, device_id: int) -> None:
    """No more pushes to this device of the member's. Another member's device
    is not found."""
    deleted, _rows = PushSubscription.objects.filter(user=user, pk=device_id).delete()
    if not deleted:
        raise PushSubscription.DoesNotExist
