"""Scheduled work of the messages, run by the task queue instead of cron. The
command `manage.py send_message_emails` does the same, for an operator."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*/5"))
@lock_task("message-summaries")
def send_unread_summaries() -> int:
    """Every five minutes: one e-mail per member summing up the messages they
    left unread. The lock keeps two consumers from summing up at once."""
    return services.send_unread_summaries()
