"""Co-organisers chosen in the workshop form: the members ticked run the
workshop with its proposer (they take the attendance), nobody else does, and
only the neighbourhood's members who may publish can be ticked."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.world import PERSONS, WRITERS
from workshops import services
from workshops.models import Registration, Session, Workshop

from .conftest import digital, soon

pytestmark = pytest.mark.django_db


def _form(**extra):
    return {
        "title": "Tablette pas à pas",
        "category": digital().pk,
        "level": "discovery",
        "audience": "everyone",
        "registration": "session",
        **extra,
    }


@pytest.mark.parametrize("person", [p for p in PERSONS if p != "visitor"])
def test_the_members_ticked_take_the_attendance_and_no_one_else(
    client, animateur, neighbourhood, make_person, members, person, refused
):
    chosen = make_person(person)
    client.force_login(animateur)
    page = client.get(reverse("workshop_create", args=[neighbourhood.slug]))
    offered = chosen.display_name in page.content.decode()
    response = client.post(
        reverse("workshop_create", args=[neighbourhood.slug]),
        _form(organisers=[str(chosen.pk)]),
    )
    if person not in WRITERS:
        # Not offered in the form, and refused when sent anyway.
        assert not offered
        assert response.status_code == 200
        assert not Workshop.objects.filter(title="Tablette pas à pas").exists()
        return
    assert offered
    assert response.status_code == 302
    workshop = Workshop.objects.get(title="Tablette pas à pas")
    assert set(workshop.organisers.all()) == {animateur, chosen}
    [slot] = services.add_sessions(
        by=chosen,
        workshop=workshop,
        starts=[soon()],
        duration=datetime.timedelta(hours=1),
        capacity=3,
    )
    services.register(user=members[0], session=slot)
    at = slot.starts_at + datetime.timedelta(minutes=5)
    services.take_attendance(by=chosen, session=slot, present={members[0].pk}, now=at)
    assert slot.registrations.get().state == Registration.State.ATTENDED
    # A member who was not ticked cannot.
    with refused():
        services.take_attendance(by=members[1], session=slot, present=set(), now=at)


def test_the_attendance_screen_opens_for_a_co_organiser_only(
    client, animateur, neighbourhood, members
):
    co_organiser, other = members[0], members[1]
    workshop = services.create_workshop(
        by=animateur,
        neighbourhood=neighbourhood,
        title="Atelier courriel",
        category=digital(),
        organisers=[co_organiser],
    )
    [slot] = services.add_sessions(
        by=animateur,
        workshop=workshop,
        starts=[soon()],
        duration=datetime.timedelta(hours=1),
        capacity=3,
    )
    services.register(user=members[2], session=slot)
    Session.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=10),
        ends_at=timezone.now() + datetime.timedelta(minutes=50),
    )
    url = reverse("attendance", args=[slot.pk])
    client.force_login(other)
    assert client.get(url).status_code == 403
    assert client.post(url, {"present": [str(members[2].pk)]}).status_code == 403
    assert not slot.registrations.filter(state="attended").exists()
    client.force_login(co_organiser)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"present": [str(members[2].pk)], "walk_in_members": [], "walk_ins": "0"}
    )
    assert response.status_code == 302
    assert slot.registrations.get(user=members[2]).state == "attended"


def test_the_edit_form_changes_the_co_organisers_and_keeps_the_proposer(
    client, animateur, neighbourhood, members
):
    workshop = services.create_workshop(
        by=animateur,
        neighbourhood=neighbourhood,
        title="Atelier courriel",
        category=digital(),
        organisers=[members[0]],
    )
    client.force_login(members[0])
    url = reverse("workshop_edit", args=[neighbourhood.slug, workshop.pk])
    page = client.get(url).content.decode()
    assert re.search(rf'value="{members[0].pk}"[^>]*checked', page)
    assert not re.search(rf'value="{members[1].pk}"[^>]*checked', page)
    response = client.post(url, _form(title="Atelier courriel", organisers=[]))
    assert response.status_code == 302
    # The co-organiser unticked themselves: the proposer stays.
    assert list(workshop.organisers.all()) == [animateur]
    client.force_login(members[0])
    assert client.get(url).status_code == 403


def test_the_service_refuses_an_organiser_from_elsewhere(
    animateur, neighbourhood, make_person
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.create_workshop(
            by=animateur,
            neighbourhood=neighbourhood,
            title="Atelier courriel",
            category=digital(),
            organisers=[make_person("moderator_elsewhere")],
        )
    assert not Workshop.objects.filter(title="Atelier courriel").exists()
