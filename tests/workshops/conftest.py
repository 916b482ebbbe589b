"""Workshops on the shared test world (tests/world.py): an animateur's
approved workshop of drop-in slots, a series, and members to fill them."""

import datetime

import pytest
from django.utils import timezone

from exchanges.models import Category
from tests.factories import MembershipFactory
from workshops import services
from workshops.models import Workshop


def digital() -> Category:
    return Category.objects.get(neighbourhood=None, key="digital")


def soon(days=3, hour=14) -> datetime.datetime:
    """A local time `days` from now, on the hour."""
    day = timezone.localtime() + datetime.timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def animateur(make_person):
    return make_person("moderator")


@pytest.fixture
def members(neighbourhood):
    """Five active residents of the neighbourhood who accepted its charter."""
    return [MembershipFactory(neighbourhood=neighbourhood).user for _ in range(5)]


@pytest.fixture
def workshop(animateur, neighbourhood):
    """Smartphone drop-in slots, one session at a time, approved."""
    return services.create_workshop(
        by=animateur,
        neighbourhood=neighbourhood,
        title="Premiers pas sur smartphone",
        category=digital(),
        level=Workshop.Level.DISCOVERY,
        audience=Workshop.Audience.SENIORS,
    )


@pytest.fixture
def session(animateur, workshop):
    """A slot in three days, two seats."""
    return services.add_sessions(
        by=animateur,
        workshop=workshop,
        starts=[soon()],
        duration=datetime.timedelta(hours=1),
        capacity=2,
    )[0]


@pytest.fixture
def series(animateur, neighbourhood):
    """A series of four weekly sessions capped at three, registered as a whole."""
    workshop = services.create_workshop(
        by=animateur,
        neighbourhood=neighbourhood,
        title="Internet pour les seniors",
        category=digital(),
        registration=Workshop.Registration.SERIES,
    )
    services.add_sessions(
        by=animateur,
        workshop=workshop,
        starts=services.weekly(soon(), 4),
        duration=datetime.timedelta(hours=2),
        capacity=3,
    )
    return workshop
