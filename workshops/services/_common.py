"""What the workshop services share: words about a session in the reader's
own language, and members told once the change is committed."""

from django.utils import formats, timezone

from notifications import services as notification_services
from notifications.models import Notification

KIND = Notification.Kind.WORKSHOP


def when(moment) -> str:
    """A date and time as the reader's language writes it."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def notify_on_commit(
    *, users, message: str, params: dict, url: str, key: str = ""
) -> None:
    """Tell these members once the change is committed, on the site and by
    e-mail as each chose: `message` of notifications.texts with its `params`,
    written in each reader's language whenever it is read."""
    notification_services.notify_many_on_commit(
        users=users, kind=KIND, message=message, params=params, url=url, key=key
    )
