"""The task queue's own heartbeat: every minute it writes the time in the
queue's storage, and /healthz complains when that time grows old."""

import time

from huey import crontab
from huey.contrib.djhuey import HUEY, periodic_task

HEARTBEAT_KEY = "coupdemain:heartbeat"


@periodic_task(crontab(minute="*"))
def heartbeat() -> float:
    return beat()


def beat(*, at: float | None = None) -> float:
    at = time.time() if at is None else at
    HUEY.put(HEARTBEAT_KEY, at)
    return at


def last_beat() -> float | None:
    return HUEY.get(HEARTBEAT_KEY, peek=True)
