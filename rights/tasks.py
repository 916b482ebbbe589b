"""Scheduled work of the members' rights, run by the task queue instead of
cron. The commands `erase_accounts` and `purge_retention` do the same, for an
operator."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import retention, services


@db_periodic_task(crontab(minute="20"))
@lock_task("erase-due-accounts")
def erase_due_accounts() -> int:
    """Every hour: erase the accounts whose grace period after deletion is
    over."""
    return services.erase_due_accounts()


@db_periodic_task(crontab(minute="0", hour="4"))
@lock_task("purge-retention")
def purge_retention() -> dict[str, int]:
    """Every night: remind, then remove, unused accounts; purge closed listings
    and old notifications, as the retention settings say."""
    return retention.purge_retention()


@db_task(retries=3, retry_delay=60)
def build_data_export(export_id: int) -> None:
    """A member asked for their data: the file is built here, not in the
    request, and the member is told by e-mail."""
    services.build_data_export(export_id=export_id)
