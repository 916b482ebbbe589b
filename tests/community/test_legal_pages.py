"""The privacy page, the legal notice and the accessibility statement: open to
anyone, linked from every page's footer, with the contacts and periods of the
settings and the organisations' details."""

import pytest
from django.urls import reverse

from tests.factories import NeighbourhoodFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PAGES = ("privacy", "legal_notice", "accessibility")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("signed_in", [False, True])
def test_each_page_is_open_to_anyone_and_in_every_footer(
    page, signed_in, client, member
):
    if signed_in:
        client.force_login(member)
    html = client.get(reverse(page)).content.decode()
    assert "<h1>" in html
    home = client.get(reverse("home")).content.decode()
    footer = home[home.index('<footer class="site-footer">') :]
    assert f'href="{reverse(page)}"' in footer


def test_the_privacy_page_shows_the_periods_and_contacts_of_the_settings(
    client, settings
):
    settings.CLOSED_LISTING_RETENTION_DAYS = 123
    settings.NOTIFICATION_RETENTION_DAYS = 45
    settings.ACCOUNT_DELETION_GRACE_DAYS = 9
    settings.SITE_OPERATOR_EMAIL = "operateur@example.org"
    settings.PRIVACY_CONTACT_EMAIL = "dpo@example.org"
    organisation = OrganisationFactory(
        name="Centre social Bellevue",
        address="3 rue Bellevue, 69004 Lyon",
        phone="04 78 99 88 77",
        email="bellevue@example.org",
    )
    NeighbourhoodFactory(organisation=organisation, name="Bellevue")
    OrganisationFactory(name="Sans quartier")
    html = client.get(reverse("privacy")).content.decode()
    for expected in (
        "123",
        "45",
        "9",
        "operateur@example.org",
        "dpo@example.org",
        "Centre social Bellevue",
        "3 rue Bellevue, 69004 Lyon",
        "04 78 99 88 77",
        "bellevue@example.org",
    ):
        assert expected in html
    assert "Sans quartier" not in html


@pytest.mark.parametrize(
    ("conformance", "words"),
    [
        ("full", "fully compliant"),
        ("partial", "partially compliant"),
        ("none", "not compliant"),
    ],
)
def test_the_accessibility_state_is_named_in_the_footer_and_statement(
    conformance, words, client, settings
):
    settings.ACCESSIBILITY_CONFORMANCE = conformance
    client.cookies["django_language"] = "en"
    html = client.get(reverse("accessibility"), HTTP_ACCEPT_LANGUAGE="en").content
    html = html.decode()
    assert f"Accessibility: {words}" in html
    assert "RGAA" in html and "Défenseur des droits" in html


def test_the_pages_are_translated(client):
    html = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Vos données" in html
