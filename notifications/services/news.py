"""Telling members news: who is told what, as each chose, stored once."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from community.models import User

from .. import push, selectors, texts
from ..models import (
    NOTIFICATION_TEXT_MAX_LENGTH,
    Frequency,
    Notification,
    NotificationPreference,
)
from .delivery import _announce, _email_notifications, _push, reader_language

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
