"""The people of one neighbourhood, one of each situation the permission rules
know, and a snapshot of every table the neighbourhood services write."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community.models import Profile, User
from neighbourhoods.models import (
    AssistanceConsent,
    Charter,
    InvitationCode,
    JournalEntry,
    Membership,
    Neighbourhood,
)
from tests.factories import MembershipFactory, NeighbourhoodFactory, ProfileFactory

# The neighbourhood of the tests has published its charter twice.
CHARTER_VERSION = 2
SUSPENSION_REASON = "Messages insistants à une voisine"
BAN_REASON = "Insultes répétées malgré deux avertissements"

PERSONS = (
    "visitor",
    "non_member",
    "pending",
    "resident",
    "volunteer",
    "suspended",
    "suspension_over",
    "banned",
    "left",
    "declined",
    "moderator_elsewhere",
    "moderator",
    "coordinator",
    "charter_not_accepted",
)


def membership_values(person: str) -> dict | None:
    """The membership that puts someone in that situation, None for no membership."""
    now = timezone.now()
    return {
        "visitor": None,
        "non_member": None,
        "moderator_elsewhere": None,
        "pending": {"status": "pending", "joined_via": "approval"},
        "resident": {},
        "volunteer": {"role": "volunteer"},
        "suspended": {
            "status": "suspended",
            "suspended_until": now + datetime.timedelta(days=7),
            "status_reason": SUSPENSION_REASON,
        },
        "suspension_over": {
            "status": "suspended",
            "suspended_until": now - datetime.timedelta(minutes=1),
            "status_reason": SUSPENSION_REASON,
        },
        "banned": {"status": "banned", "status_reason": BAN_REASON},
        "left": {"status": "left"},
        "declined": {"status": "declined", "joined_via": "approval"},
        "moderator": {"role": "moderator"},
        "coordinator": {"role": "coordinator"},
        "charter_not_accepted": {"charter_version_accepted": CHARTER_VERSION - 1},
    }[person]


@pytest.fixture
def neighbourhood(db):
    neighbourhood = NeighbourhoodFactory(
        name="La Croix-Rousse", charter_version=CHARTER_VERSION
    )
    for version in range(1, CHARTER_VERSION + 1):
        Charter.objects.create(
            neighbourhood=neighbourhood,
            version=version,
            text=f"Version {version} : on se respecte, on s'entraide.",
        )
    return neighbourhood


@pytest.fixture
def elsewhere(db):
    """Another neighbourhood, of another organisation."""
    return NeighbourhoodFactory(name="Les Minguettes", postcodes="69200")


@pytest.fixture
def make_person(neighbourhood, elsewhere):
    """make_person("suspended") -> a user in that situation in `neighbourhood`."""

    def make(person: str, *, place: Neighbourhood | None = None):
        assert person in PERSONS, person
        if person == "visitor":
            return AnonymousUser()
        user = ProfileFactory().user
        if person == "moderator_elsewhere":
            MembershipFactory(user=user, neighbourhood=elsewhere, role="moderator")
            return user
        values = membership_values(person)
        if values is not None:
            MembershipFactory(user=user, neighbourhood=place or neighbourhood, **values)
        return user

    return make


@pytest.fixture
def moderator(make_person):
    return make_person("moderator")


@pytest.fixture
def coordinator(make_person):
    return make_person("coordinator")


def _rows(model):
    return list(model.objects.order_by("pk").values())


def take_snapshot() -> dict:
    """Every row the neighbourhood services may write, with its updated_at, so
    that any save at all shows up as a difference."""
    return {
        "users": list(
            User.objects.order_by("pk").values_list(
                "pk", "email", "username", "password", "must_change_password"
            )
        ),
        "profiles": list(Profile.objects.order_by("pk").values_list("pk", "pseudonym")),
        "email_addresses": list(
            EmailAddress.objects.order_by("pk").values_list("pk", "email")
        ),
        "neighbourhoods": _rows(Neighbourhood),
        "charters": _rows(Charter),
        "invitation_codes": _rows(InvitationCode),
        "memberships": _rows(Membership),
        "consents": _rows(AssistanceConsent),
        "journal": _rows(JournalEntry),
    }


@pytest.fixture
def snapshot():
    return take_snapshot
