"""The cache of a deployment: Redis, and this process's memory while Redis is
out of reach. The rate limits (logins, sign-ups) live in the cache; with Redis
down they go on counting in each process instead of failing every login with
an error, and nobody is locked out. The failure is logged once a minute, and
/healthz says the cache is down (`ping`)."""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# The operations of Django's cache API that reach Redis.
OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)
LOG_EVERY = 60  # seconds


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"failsafe-{id(self)}", {})
        self._logged_at = 0.0

    def ping(self) -> None:
        """Raise unless Redis answers (for /healthz)."""
        self._cache.get_client(write=False).ping()

    def _failed(self, name: str, error: Exception) -> None:
        now = time.monotonic()
        if now - self._logged_at >= LOG_EVERY:
            self._logged_at = now
            logger.warning(
                "The cache is out of reach (%s: %s): this process keeps its "
                "own until it is back.",
                type(error).__name__,
                error,
            )


def _failsafe(name):
    def operation(self, *args, **kwargs):
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except (OSError, TimeoutError, RedisError) as error:
            self._failed(name, error)
            return getattr(self._fallback, name)(*args, **kwargs)

    operation.__name__ = name
    return operation


for _name in OPERATIONS:
    setattr(FailSafeRedisCache, _name, _failsafe(_name))
