"""The member has read their news."""

import time

from django.db import transaction
from django.utils import timezone

from community.models import User
from realtime import events

from ..models import Notification


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


def mark_read_about(*, user: User, kind: str, url: str) -> int:
    """The member has seen what the notifications of this kind leading to
    `url` were about (e.g. a conversation read to its end)."""
    return Notification.objects.filter(
        user=user, kind=kind, url=url, read_at__isnull=True
    ).update(read_at=timezone.now())
