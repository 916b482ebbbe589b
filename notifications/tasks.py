"""The e-mail work of the task queue: each e-mail sent as soon as it is
queued, and every minute whatever is due again (retries, lost tasks); and the
pushes to members' devices."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import outbox, push, summaries
from .models import Frequency


@db_task()
def deliver_email(pk: int) -> bool:
    return outbox.deliver_email(pk=pk)


@db_task()
def push_news(items: list[dict]) -> int:
    """Push news to the members' devices (`notifications.push`)."""
    return push.send_news(items=items)


@db_periodic_task(crontab(minute="*"))
@lock_task("deliver-due-emails")
def deliver_due_emails() -> int:
    return outbox.deliver_due()


@db_periodic_task(crontab(minute="30", hour="4"))
@lock_task("purge-sent-emails")
def purge_sent_emails() -> int:
    """Every night: forget the e-mails sent a week ago."""
    return outbox.purge_sent()


@db_periodic_task(crontab(minute="0", hour="6"))
@lock_task("daily-summaries")
def send_daily_summaries() -> int:
    """Every morning (6:00 UTC): the daily summaries."""
    return summaries.send_summaries(frequency=Frequency.DAILY)


@db_periodic_task(crontab(minute="0", hour="6", day_of_week="1"))
@lock_task("weekly-summaries")
def send_weekly_summaries() -> int:
    """Every Monday morning (6:00 UTC): the weekly summaries."""
    return summaries.send_summaries(frequency=Frequency.WEEKLY)
