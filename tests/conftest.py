import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, ProfileFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    """A member with a verified e-mail and a profile."""
    return ProfileFactory(interests=["cuisine"], skills=["tricot"]).user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def password():
    return PASSWORD
