"""The account pages that allauth provides, in the site's layout."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db

ACCOUNT_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
]
MEMBER_PAGES = ["account_email", "account_change_password", "account_logout"]


@pytest.mark.parametrize("name", ACCOUNT_PAGES)
def test_visitor_account_pages_use_the_site_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    names = [template.name for template in response.templates]
    assert "base.html" in names
    assert "_language_switcher.html" in names


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_account_pages_use_the_site_layout(member_client, name):
    response = member_client.get(reverse(name))
    assert response.status_code == 200
    assert "base.html" in [template.name for template in response.templates]


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    user = ProfileFactory().user
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://[^/]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body
    )[1]
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(
        action,
        {"password1": "un-nouveau-secret-2026", "password2": "un-nouveau-secret-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("un-nouveau-secret-2026")


def test_password_change_needs_the_current_password(member_client, member):
    wrong = member_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "not-it",
            "password1": "n0uveau-secret",
            "password2": "n0uveau-secret",
        },
    )
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["oldpassword"]
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    right = member_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "n0uveau-secret",
            "password2": "n0uveau-secret",
        },
    )
    assert right.status_code == 302
    member.refresh_from_db()
    assert member.check_password("n0uveau-secret")


def test_email_change_asks_to_verify_the_new_address(member_client, member):
    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": "nouvelle@example.org"}
    )
    assert response.status_code == 302
    assert EmailAddress.objects.filter(
        user=member, email="nouvelle@example.org", verified=False
    ).exists()
    assert mail.outbox[-1].to == ["nouvelle@example.org"]


def test_repeated_failed_logins_are_slowed_down(client):
    user = ProfileFactory().user
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "no"})
    blocked = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert blocked.status_code in (200, 429)
    assert not blocked.wsgi_request.user.is_authenticated
