"""Scheduled work of mentoring, run by the task queue instead of cron."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="0", hour="9", day_of_week="1"))
@lock_task("mentoring-follow-up")
def remind_staff() -> int:
    """On Monday mornings: tell each neighbourhood's moderators of the pairs
    to approve, without a meeting lately, or due a check-in (once a week)."""
    return services.remind_staff()
