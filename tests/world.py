"""The one test world every app's tests share: a neighbourhood with its charter,
one person of each situation the permission rules know, and a snapshot of
every table, to show that a refusal wrote nothing at all.

The persons, by name (`make_person(name)` in the tests):

    visitor               not signed in
    outsider              signed in, member of no neighbourhood
    pending               asked to join, not yet decided
    resident              active member
    volunteer             active member, volunteer
    moderator             active member, moderator
    coordinator           active member, coordinator
    suspended             suspended for a week
    suspension_over       suspended until a minute ago
    banned                banned
    left                  left the neighbourhood
    declined              asked to join and was declined
    charter_not_accepted  active resident who has not accepted the charter in force
    coordinator_sister    coordinator of another neighbourhood of the organisation
    moderator_elsewhere   moderator of a neighbourhood of another organisation
    coordinator_elsewhere coordinator of a neighbourhood of another organisation
"""

import datetime
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from neighbourhoods.models import Charter, Neighbourhood
from neighbourhoods.permissions import NotAllowed
from tests.factories import (
    MembershipFactory,
    NeighbourhoodFactory,
    ProfileFactory,
)

# The neighbourhood of the tests has published its charter twice.
CHARTER_VERSION = 2
SUSPENSION_REASON = "Messages insistants à une voisine"
BAN_REASON = "Insultes répétées malgré deux avertissements"

PERSONS = (
    "visitor",
    "outsider",
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
    "coordinator_sister",
    "coordinator_elsewhere",
)
# Members of the neighbourhood whose membership is active and up to date: who
# may see, publish, answer and write there.
WRITERS = frozenset(
    {"resident", "volunteer", "suspension_over", "moderator", "coordinator"}
)
MODERATORS = frozenset({"moderator", "coordinator"})
COORDINATORS = frozenset({"coordinator"})
# Who may see the neighbourhood: active or suspended members of any role.
SEERS = WRITERS | {"suspended", "charter_not_accepted"}
# The persons of the pages' tests: one of each role and status a page shows.
VISITORS = (
    "visitor",
    "outsider",
    "pending",
    "resident",
    "volunteer",
    "suspended",
    "banned",
    "left",
    "moderator_elsewhere",
    "moderator",
    "coordinator",
)


def membership_values(person: str, neighbourhood: Neighbourhood) -> dict | None:
    """The membership in the neighbourhood that puts someone in that situation,
    None for no membership there."""
    now = timezone.now()
    return {
        "visitor": None,
        "outsider": None,
        "coordinator_sister": None,
        "moderator_elsewhere": None,
        "coordinator_elsewhere": None,
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
        "charter_not_accepted": {
            "charter_version_accepted": neighbourhood.charter_version - 1
        },
    }[person]


def make_neighbourhood(organisation, **values) -> Neighbourhood:
    """A neighbourhood whose charter is at CHARTER_VERSION, every version kept."""
    neighbourhood = NeighbourhoodFactory(
        organisation=organisation, charter_version=CHARTER_VERSION, **values
    )
    for version in range(1, CHARTER_VERSION + 1):
        Charter.objects.create(
            neighbourhood=neighbourhood,
            version=version,
            text=f"Version {version} : on se respecte, on s'entraide.",
        )
    return neighbourhood


def make_person(person, *, neighbourhood, sister, elsewhere, **profile):
    """A user in that situation in `neighbourhood` (the visitor: anonymous),
    with a profile made of the keywords given."""
    assert person in PERSONS, person
    if person == "visitor":
        return AnonymousUser()
    user = ProfileFactory(**profile).user
    if person == "coordinator_sister":
        MembershipFactory(user=user, neighbourhood=sister, role="coordinator")
    elif person.endswith("_elsewhere"):
        role = person.removesuffix("_elsewhere")
        MembershipFactory(user=user, neighbourhood=elsewhere, role=role)
    values = membership_values(person, neighbourhood)
    if values is not None:
        neighbourhood.refresh_from_db()
        MembershipFactory(user=user, neighbourhood=neighbourhood, **values)
    return user


def login(client, scene, person):
    """Signs in `scene["people"][person]`, unless it is the visitor (None)."""
    user = scene["people"][person]
    if user is not None:
        client.force_login(user)
    return user


def take_snapshot() -> dict:
    """Every row of every table but the sessions, with its updated_at, so that
    any write at all shows up as a difference."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label != "sessions"
    }


@contextmanager
def nothing_written():
    """The block may raise what it likes (inside): no row of any table changes."""
    before = take_snapshot()
    yield
    assert take_snapshot() == before


@contextmanager
def refused(exception=NotAllowed, *, code=None, fields=None):
    """The block raises `exception` (with that code, or errors on exactly those
    fields, when given) and writes nothing at all; yields what pytest.raises
    caught, for further checks."""
    with nothing_written(), pytest.raises(exception) as caught:
        yield caught
    if code is not None:
        assert caught.value.code == code
    if fields is not None:
        assert set(caught.value.error_dict) == set(fields)
