"""Retention: unused accounts are reminded, then removed; closed listings and
old notifications are purged; each after its period in the settings."""

import datetime
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from community.models import User
from exchanges.models import Listing
from neighbourhoods.models import OrganisationCoordinator
from notifications.models import Notification
from rights.retention import purge_retention
from tests.factories import MembershipFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def days(count):
    return datetime.timedelta(days=count)


@pytest.fixture
def now():
    return timezone.now()


def _unconfirmed(now, age):
    user = UserFactory(verified_email=False, date_joined=now - days(age))
    EmailAddress.objects.create(user=user, email=user.email, verified=False)
    return user


def test_an_unconfirmed_account_is_reminded_once_then_removed(
    now, settings, django_capture_on_commit_callbacks
):
    settings.UNCONFIRMED_ACCOUNT_REMINDER_DAYS = 7
    settings.UNCONFIRMED_ACCOUNT_REMOVAL_DAYS = 30
    young, reminded = _unconfirmed(now, 2), _unconfirmed(now, 10)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_retention(now=now)["reminded"] == 1
    (message,) = mail.outbox
    assert message.to == [reminded.email]
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_retention(now=now)["reminded"] == 0
    assert len(mail.outbox) == 1
    # Thirty days old, reminded a week before: removed; the young one stays.
    result = purge_retention(now=now + days(21))
    assert result["removed"] == 1
    assert not User.objects.filter(pk=reminded.pk).exists()
    assert User.objects.filter(pk=young.pk).exists()


def test_an_account_is_never_removed_without_a_reminder_a_week_before(now, settings):
    settings.UNCONFIRMED_ACCOUNT_REMINDER_DAYS = 7
    settings.UNCONFIRMED_ACCOUNT_REMOVAL_DAYS = 30
    old = _unconfirmed(now, 400)
    assert purge_retention(now=now) == {
        "reminded": 1,
        "removed": 0,
        "listings": 0,
        "notifications": 0,
        "exports": 0,
    }
    assert purge_retention(now=now + days(6))["removed"] == 0
    assert purge_retention(now=now + days(7))["removed"] == 1
    assert not User.objects.filter(pk=old.pk).exists()


def test_an_account_that_never_joined_is_reminded_then_removed(now, settings):
    settings.UNJOINED_ACCOUNT_REMINDER_DAYS = 30
    settings.UNJOINED_ACCOUNT_REMOVAL_DAYS = 90
    lonely = ProfileFactory(user__date_joined=now - days(100)).user
    member = ProfileFactory(user__date_joined=now - days(100)).user
    MembershipFactory(user=member)
    left = ProfileFactory(user__date_joined=now - days(100)).user
    MembershipFactory(user=left, status="left")
    head = ProfileFactory(user__date_joined=now - days(100)).user
    organisation = MembershipFactory().neighbourhood.organisation
    OrganisationCoordinator.objects.create(user=head, organisation=organisation)
    operator = UserFactory(date_joined=now - days(100), is_operator=True)
    assert purge_retention(now=now)["reminded"] == 1
    assert purge_retention(now=now + days(7))["removed"] == 1
    assert not User.objects.filter(pk=lonely.pk).exists()
    for kept in (member, left, head, operator):
        assert User.objects.filter(pk=kept.pk).exists()


def test_closed_listings_and_old_notifications_are_purged(story, now, settings):
    settings.CLOSED_LISTING_RETENTION_DAYS = 365
    settings.NOTIFICATION_RETENTION_DAYS = 180
    from exchanges import services as exchanges

    exchanges.cancel_listing(user=story["amandine"], listing=story["mine"])
    done = story["theirs"]
    Listing.objects.filter(pk=done.pk).update(status="done")
    notifications = Notification.objects.count()
    assert notifications
    assert purge_retention(now=now)["listings"] == 0
    result = purge_retention(now=now + days(366))
    assert result["listings"] == 2
    assert result["notifications"] == notifications
    assert not Listing.objects.filter(pk=story["mine"].pk).exists()
    done.refresh_from_db()
    assert "SECRET-LISTING-B" not in done.title and done.description == ""
    assert done.responses.get().is_done
    assert purge_retention(now=now + days(366))["listings"] == 0


def test_the_command_applies_the_periods(now):
    _unconfirmed(now, 400)
    out = StringIO()
    call_command("purge_retention", stdout=out)
    assert "reminded: 1" in out.getvalue()
