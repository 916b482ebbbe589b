"""The marketplace of the exchanges tests: a neighbourhood, every kind of
person, and a listing."""

from tests.exchanges.test_views import market  # noqa: F401
