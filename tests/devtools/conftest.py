import pytest


@pytest.fixture(autouse=True)
def on_a_laptop(settings):
    """DEBUG on, as on a developer's laptop (DJANGO_DEBUG unset), where the
    devtools commands run; pytest-django turns it off, as in production,
    where they refuse (test_guard.py)."""
    settings.DEBUG = True
