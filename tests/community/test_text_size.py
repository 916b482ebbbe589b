"""The header's "Aa": larger text on and off in one tap, back on the same
page, for the member only."""

import pytest
from django.urls import reverse

from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_larger_text_in_one_tap_and_back(client):
    profile = ProfileFactory()
    client.force_login(profile.user)
    page = client.post(reverse("text_size"), {"larger": "1", "next": "/listings/"})
    assert page.url == "/listings/"
    profile.refresh_from_db()
    assert profile.larger_text
    assert 'class="text-large"' in client.get("/").content.decode()
    client.post(reverse("text_size"), {"larger": "0", "next": "https://evil.example/"})
    profile.refresh_from_db()
    assert not profile.larger_text


def test_visitors_have_no_text_size_to_keep(client):
    page = client.post(reverse("text_size"), {"larger": "1"})
    assert page.status_code == 302 and "/accounts/login/" in page.url
    assert client.get(reverse("text_size")).status_code in (302, 405)
