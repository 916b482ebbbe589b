import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def on_a_laptop(monkeypatch):
    """DEBUG on, as on a developer's laptop (DJANGO_DEBUG unset), where the
    devtools commands run; pytest-django turns it off, as in production,
    where they refuse (test_guard.py). Not through pytest-django's `settings`
    fixture: under it settings.SETTINGS_MODULE is None, and the chat benchmark
    hands that to its servers."""
    monkeypatch.setattr(settings, "DEBUG", True)
