"""Scheduled work of the listings, run by the task queue instead of cron. The
command `manage.py expire_listings` does the same, for an operator."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="15", hour="3"))
@lock_task("expire-listings")
def expire_listings() -> dict[str, int]:
    """Every night: close the listings past their date, remind authors a week
    before (idempotent: nobody is reminded twice)."""
    return services.expire_listings()
