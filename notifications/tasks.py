"""The e-mail work of the task queue: each e-mail sent as soon as it is
queued, and every minute whatever is due again (retries, lost tasks)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import outbox


@db_task()
def deliver_email(pk: int) -> bool:
    return outbox.deliver_email(pk=pk)


@db_periodic_task(crontab(minute="*"))
@lock_task("deliver-due-emails")
def deliver_due_emails() -> int:
    return outbox.deliver_due()
