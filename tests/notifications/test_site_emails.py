"""Every e-mail names the site and links to its configured address; the account
e-mails are in the site's own words and in the member's language."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.checks import run_checks
from django.urls import reverse

from community.apps import sync_site
from notifications import services
from notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def test_the_site_record_follows_the_settings(settings, django_db_blocker):
    settings.SITE_NAME = "Voisins solidaires"
    settings.SITE_URL = "https://voisins.example"
    from django.apps import apps

    sync_site(apps.get_app_config("community"))
    Site.objects.clear_cache()
    site = Site.objects.get_current()
    assert (site.name, site.domain) == ("Voisins solidaires", "voisins.example")


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Choose a new password", "The team of Coup de main"]),
        ("fr", ["Choisissez un nouveau mot de passe", "L’équipe de Coup de main"]),
    ],
)
def test_the_password_reset_email_speaks_the_members_language(
    client, member, language, words
):
    member.language = language
    member.save(update_fields=["language"])
    client.post(reverse("account_reset_password"), {"email": member.email})
    (email,) = mail.outbox
    assert email.subject.startswith("[Coup de main] ")
    for word in words:
        assert word in email.subject + email.body
    assert re.search(r"/accounts/password/reset/key/\S+/", email.body)


def test_a_notification_email_names_the_site_and_links_to_its_address(
    settings, member, django_capture_on_commit_callbacks
):
    settings.SITE_NAME = "Voisins solidaires"
    settings.SITE_URL = "https://voisins.example"
    member.language = "en"
    member.save(update_fields=["language"])
    NotificationPreference.objects.create(
        user=member,
        kind=Notification.Kind.RESPONSE,
        channel=NotificationPreference.Channel.EMAIL,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            user=member, kind=Notification.Kind.RESPONSE, text="Salut", url="/x/"
        )
    body = mail.outbox[0].body
    assert "The team of Voisins solidaires" in body
    assert "https://voisins.example/x/" in body
    assert "https://voisins.example/notifications/settings/" in body
    assert "127.0.0.1" not in body


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8000", True),
        ("https://voisins.example", False),
    ],
)
def test_deployment_check_refuses_a_loopback_site_address(settings, url, warned):
    settings.SITE_URL = url
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert ("community.W001" in ids) is warned
