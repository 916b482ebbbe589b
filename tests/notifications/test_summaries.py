"""Per kind of news, a member chooses e-mails at once, in a daily summary or in
a weekly one; a summary is one e-mail, sent by the task queue, never twice."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import selectors, services, tasks
from notifications.models import Frequency, Notification, NotificationPreference
from notifications.summaries import send_summaries
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

Kind, Channel = Notification.Kind, NotificationPreference.Channel


def person(**choices):
    user = ProfileFactory(user__language="en").user
    services.set_preferences(
        user=user,
        channels=dict.fromkeys(choices, Channel.BOTH),
        frequencies=choices,
    )
    return user


def tell(user, kind, text, capture):
    with capture(execute=True):
        services.notify(user=user, kind=kind, text=text, url=f"/{text}/")


def test_news_for_a_summary_waits_then_comes_in_one_email(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://voisins.example"
    daily = person(response=Frequency.DAILY, match=Frequency.DAILY)
    at_once = person(response=Frequency.IMMEDIATE)
    for text in ("one", "two"):
        tell(daily, Kind.RESPONSE, text, django_capture_on_commit_callbacks)
    tell(daily, Kind.MATCH, "three", django_capture_on_commit_callbacks)
    tell(at_once, Kind.RESPONSE, "now", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[at_once.email]]
    # On the site at once all the same.
    assert Notification.objects.filter(user=daily, read_at__isnull=True).count() == 3

    mail.outbox.clear()
    assert send_summaries(frequency=Frequency.WEEKLY) == 0
    assert tasks.send_daily_summaries.call_local() == 1
    (email,) = mail.outbox
    assert email.to == [daily.email]
    assert "Your news of the day: 3 items" in email.subject
    for text in ("one", "two", "three"):
        assert f"https://voisins.example/{text}/" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Never twice.
    assert send_summaries(frequency=Frequency.DAILY) == 0
    assert len(mail.outbox) == 1


def test_a_summary_costs_a_fixed_number_of_queries(django_capture_on_commit_callbacks):
    def fill(count):
        for n in range(count):
            user = person(charter=Frequency.WEEKLY)
            tell(user, Kind.CHARTER, f"c{n}", django_capture_on_commit_callbacks)

    fill(2)
    with CaptureQueriesContext(connection) as few:
        assert send_summaries(frequency=Frequency.WEEKLY) == 2
    fill(8)
    with CaptureQueriesContext(connection) as many:
        assert send_summaries(frequency=Frequency.WEEKLY) == 8
    assert len(few) == len(many)


def test_the_summarys_link_stops_that_summary_only(
    client, django_capture_on_commit_callbacks
):
    user = person(response=Frequency.WEEKLY, match=Frequency.DAILY)
    tell(user, Kind.RESPONSE, "r", django_capture_on_commit_callbacks)
    tell(user, Kind.MATCH, "m", django_capture_on_commit_callbacks)
    out = io.StringIO()
    call_command("send_notification_summaries", "--weekly", stdout=out)
    assert out.getvalue() == "1 weekly summary e-mail(s) sent.\n"
    (email,) = mail.outbox
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    client.post(url.removeprefix(settings_url_root()))
    channels = selectors.preferences_of(user=user)
    assert channels == {Kind.RESPONSE: Channel.SITE, Kind.MATCH: Channel.BOTH}
    tell(user, Kind.RESPONSE, "r2", django_capture_on_commit_callbacks)
    assert send_summaries(frequency=Frequency.WEEKLY) == 0
    assert send_summaries(frequency=Frequency.DAILY) == 1


def settings_url_root():
    from django.conf import settings

    return settings.SITE_URL.rstrip("/")


def test_the_settings_page_keeps_the_frequency_per_kind(member_client, member):
    data = dict.fromkeys(Kind.values, Channel.EMAIL)
    data["response_frequency"] = Frequency.WEEKLY
    data["match_frequency"] = Frequency.DAILY
    response = member_client.post(reverse("notification_settings"), data)
    assert response.status_code == 302
    chosen = dict(
        NotificationPreference.objects.filter(user=member).values_list(
            "kind", "frequency"
        )
    )
    assert chosen[Kind.RESPONSE] == Frequency.WEEKLY
    assert chosen[Kind.MATCH] == Frequency.DAILY
    assert chosen[Kind.CHARTER] == Frequency.IMMEDIATE
    page = member_client.get(reverse("notification_settings")).content.decode()
    assert 'name="response_frequency"' in page
    assert 'name="message_frequency"' not in page


def test_an_unknown_frequency_is_refused(member_client, member):
    data = dict.fromkeys(Kind.values, Channel.EMAIL)
    data["response_frequency"] = "hourly"
    response = member_client.post(reverse("notification_settings"), data)
    assert response.status_code == 200
    assert not NotificationPreference.objects.filter(user=member).exists()
