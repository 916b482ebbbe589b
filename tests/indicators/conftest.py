"""Handmade data for the indicators: everything dated by hand, so that each
figure and each bound of the period can be checked to the unit.

The period of most tests is the first quarter of 2025 (1 January to 31
March, both included, in the site's time zone, Europe/Paris)."""

import datetime
import uuid

import pytest
from django.utils import timezone

from exchanges.models import Listing, Response
from indicators.selectors import Period
from messaging.models import Conversation, Message, Participant
from neighbourhoods.models import Membership
from tests.exchanges.conftest import seed
from tests.factories import (
    MembershipFactory,
    NeighbourhoodFactory,
    ProfileFactory,
)

PERIOD = Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 3, 31))


def moment(day: str, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """A local date-time, e.g. moment("2025-01-15", 9)."""
    date = datetime.date.fromisoformat(day)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def in_period(days: float = 14) -> datetime.datetime:
    return moment("2025-01-01") + datetime.timedelta(days=days)


BEFORE = moment("2024-12-31", 23) + datetime.timedelta(minutes=59)
AFTER = moment("2025-04-01", 0)


def join(user, place, *, joined=None, **values):
    """`user` joins `place` too; `joined` backdates the membership."""
    membership = MembershipFactory(user=user, neighbourhood=place, **values)
    Membership.objects.filter(pk=membership.pk).update(
        created_at=joined or moment("2024-06-01")
    )
    return membership


def person(
    place,
    *,
    role="resident",
    status="active",
    age="",
    show_age=True,
    joined=None,
    **values,
):
    """A member of `place` with a profile; `joined` backdates the membership."""
    user = ProfileFactory(age_group=age, show_age_group=show_age).user
    join(user, place, role=role, status=status, joined=joined, **values)
    return user


def listing(place, author, *, created=None, category="digital", **values):
    made = Listing.objects.create(
        neighbourhood=place,
        author=author,
        title=values.pop("title", "Aide pour mon téléphone"),
        kind=values.pop("kind", Listing.Kind.REQUEST),
        category=seed(category),
        expires_at=timezone.now() + datetime.timedelta(days=30),
        **values,
    )
    Listing.objects.filter(pk=made.pk).update(created_at=created or in_period())
    made.refresh_from_db()
    return made


def answer(item, responder, *, created=None, status="waiting", done=None, **values):
    """A response; `done` = (author's, responder's) confirmation moments."""
    if done:
        values["author_confirmed_at"], values["responder_confirmed_at"] = done
        status = Response.Status.ACCEPTED
    made = Response.objects.create(
        listing=item, responder=responder, message="Je peux", status=status, **values
    )
    Response.objects.filter(pk=made.pk).update(
        created_at=created or item.created_at + datetime.timedelta(hours=1)
    )
    made.refresh_from_db()
    return made


def conversation(place, *people, kind=Conversation.Kind.DIRECT):
    made = Conversation.objects.create(neighbourhood=place, kind=kind)
    for user in people:
        Participant.objects.create(conversation=made, user=user)
    return made


def message(chat, author, *, created=None, hidden=False):
    made = Message.objects.create(
        conversation=chat,
        author=author,
        client_id=uuid.uuid4(),
        text="Bonjour !",
        hidden=hidden,
    )
    Message.objects.filter(pk=made.pk).update(created_at=created or in_period())
    return made


@pytest.fixture
def place(organisation):
    return NeighbourhoodFactory(
        organisation=organisation, name="Les Tilleuls", slug="tilleuls"
    )


@pytest.fixture
def coordinator(place):
    return person(place, role="coordinator")
