"""Scheduled work of the agenda, run by the task queue instead of cron. The
command `manage.py workshop_tasks` does the same, for an operator."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*/5"))
@lock_task("workshop-offers")
def expire_offers() -> int:
    """Every five minutes: seats offered and not confirmed by their deadline
    go to the next person waiting."""
    return services.expire_offers()


@db_periodic_task(crontab(minute="0", hour="8,17"))
@lock_task("workshop-reminders")
def send_reminders() -> int:
    """Twice a day: remind everyone of their sessions of tomorrow (each member
    once per session, so running again is harmless)."""
    return services.send_reminders()
