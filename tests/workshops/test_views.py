"""The pages of the agenda and its workshops, for every kind of person, and
the calendar files they give."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from neighbourhoods import services as neighbourhood_services
from tests.world import MODERATORS, SEERS, VISITORS, WRITERS, login
from workshops import services
from workshops.models import Event, Place, Registration, Session, Workshop

from .conftest import digital, soon

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda_scene(market, animateur, session, workshop):
    """The market's people, the animateur's workshop and its session."""
    return {**market, "workshop": workshop, "session": session, "animateur": animateur}


def events_of(body: bytes):
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


@pytest.mark.parametrize("person", VISITORS)
def test_the_agenda_shows_the_week_to_who_may_see_the_neighbourhood(
    client, agenda_scene, person
):
    login(client, agenda_scene, person)
    session = agenda_scene["session"]
    week = timezone.localdate(session.starts_at).isoformat()
    url = reverse("agenda", args=[agenda_scene["neighbourhood"].slug])
    response = client.get(url, {"week": week})
    if person == "visitor":
        assert response.status_code == 302
        return
    if person not in SEERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert "Premiers pas sur smartphone" in response.content.decode()
    # A filter that does not match hides it; a hostile value is ignored.
    filtered = client.get(url, {"week": week, "level": "expert"}).content.decode()
    assert "Premiers pas sur smartphone" not in filtered
    hostile = client.get(url, {"week": "²²", "category": "x' OR 1=1"})
    assert hostile.status_code == 200


@pytest.mark.parametrize("person", VISITORS)
def test_the_workshop_page_offers_registration_to_members_in_good_standing(
    client, agenda_scene, person
):
    login(client, agenda_scene, person)
    workshop, session = agenda_scene["workshop"], agenda_scene["session"]
    response = client.get(workshop.get_absolute_url())
    if person == "visitor":
        assert response.status_code == 302
        return
    if person not in SEERS:
        assert response.status_code == 403
        return
    html = response.content.decode()
    register_url = reverse("registration_create", args=[session.pk])
    assert (register_url in html) == (person in WRITERS)
    assert (reverse("attendance", args=[session.pk]) in html) == (person in MODERATORS)


@pytest.mark.parametrize("person", VISITORS)
def test_registering_by_the_button(client, agenda_scene, person):
    user = login(client, agenda_scene, person)
    session = agenda_scene["session"]
    response = client.post(reverse("registration_create", args=[session.pk]))
    registered = Registration.objects.filter(session=session).count()
    if person == "visitor":
        assert response.status_code == 302 and registered == 0
        return
    if person not in WRITERS:
        assert response.status_code == 403 and registered == 0
        return
    assert response.status_code == 302
    assert session.registrations.get(user=user).state == "registered"
    client.post(reverse("registration_cancel", args=[session.pk]))
    assert session.registrations.get(user=user).state == "cancelled"


def test_a_full_session_offers_the_waiting_list_and_the_offer_is_confirmed(
    client, agenda_scene, members
):
    session = agenda_scene["session"]
    services.register(user=members[0], session=session)
    services.register(user=members[1], session=session)
    client.force_login(members[2])
    page = client.get(agenda_scene["workshop"].get_absolute_url()).content.decode()
    assert "Join the waiting list" in page or "liste d’attente" in page
    client.post(reverse("registration_create", args=[session.pk]))
    page = client.get(agenda_scene["workshop"].get_absolute_url()).content.decode()
    assert reverse("registration_cancel", args=[session.pk]) in page
    services.cancel_registration(user=members[0], session=session)
    page = client.get(agenda_scene["workshop"].get_absolute_url()).content.decode()
    assert reverse("registration_confirm", args=[session.pk]) in page
    client.post(reverse("registration_confirm", args=[session.pk]))
    assert session.registrations.get(user=members[2]).state == "registered"
    mine = client.get(reverse("my_registrations")).content.decode()
    assert "Premiers pas sur smartphone" in mine


@pytest.mark.parametrize("person", VISITORS)
def test_the_attendance_screen_is_for_organisers_and_moderators(
    client, agenda_scene, person, members
):
    session = agenda_scene["session"]
    services.register(user=members[0], session=session)
    services.register(user=members[1], session=session)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=10),
        ends_at=timezone.now() + datetime.timedelta(minutes=50),
    )
    login(client, agenda_scene, person)
    url = reverse("attendance", args=[session.pk])
    response = client.get(url)
    if person == "visitor":
        assert response.status_code == 302
        return
    if person not in MODERATORS:
        assert response.status_code == 403
        assert client.post(url, {"walk_ins": 1}).status_code == 403
        assert not session.registrations.filter(state="attended").exists()
        return
    assert members[0].display_name in response.content.decode()
    response = client.post(
        url,
        {"present": [str(members[0].pk)], "walk_in_members": [], "walk_ins": "2"},
    )
    assert response.status_code == 302
    states = dict(session.registrations.values_list("user", "state"))
    assert states == {members[0].pk: "attended", members[1].pk: "no_show"}


def test_an_organiser_creates_a_workshop_and_a_series_by_the_forms(
    client, animateur, neighbourhood
):
    client.force_login(animateur)
    response = client.post(
        reverse("workshop_create", args=[neighbourhood.slug]),
        {
            "title": "Internet pour les seniors",
            "description": "Quatre séances",
            "category": digital().pk,
            "level": "basic",
            "audience": "seniors",
            "registration": "series",
        },
    )
    workshop = Workshop.objects.get(title="Internet pour les seniors")
    assert response.status_code == 302 and workshop.status == "approved"
    first = soon(days=4).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("sessions_add", args=[neighbourhood.slug, workshop.pk]),
        {"first_start": first, "count": "4", "minutes": "120", "capacity": "3"},
    )
    assert response.status_code == 302
    assert workshop.sessions.count() == 4
    assert {s.capacity for s in workshop.sessions.all()} == {3}


@pytest.mark.parametrize("person", VISITORS)
def test_the_moderators_page_of_workshops_and_no_shows(client, agenda_scene, person):
    login(client, agenda_scene, person)
    url = reverse("manage_workshops", args=[agenda_scene["neighbourhood"].slug])
    response = client.get(url)
    if person == "visitor":
        assert response.status_code == 302
    elif person in MODERATORS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_the_places_list_gives_each_place_in_words(client, agenda_scene):
    services.save_place(
        by=agenda_scene["animateur"],
        neighbourhood=agenda_scene["neighbourhood"],
        name="Médiathèque Bellecombe",
        address="2 rue de la Poste",
        help_offered="Ordinateurs en accès libre",
    )
    client.force_login(agenda_scene["people"]["resident"])
    html = client.get(
        reverse("place_list", args=[agenda_scene["neighbourhood"].slug])
    ).content.decode()
    assert "2 rue de la Poste" in html and "Ordinateurs en accès libre" in html


# Calendar files.


def test_a_session_downloads_as_an_ics_file(client, agenda_scene):
    session = agenda_scene["session"]
    client.force_login(agenda_scene["people"]["resident"])
    response = client.get(reverse("session_calendar", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    [event] = events_of(response.content)
    assert str(event["summary"]) == "Premiers pas sur smartphone"
    assert event.decoded("dtstart") == session.starts_at
    client.force_login(agenda_scene["people"]["outsider"])
    assert client.get(reverse("session_calendar", args=[session.pk])).status_code == 403


def test_a_members_private_feed_works_by_its_secret_until_reset(
    client, agenda_scene, members
):
    session = agenda_scene["session"]
    services.register(user=members[0], session=session)
    feed = services.calendar_feed_of(user=members[0])
    url = reverse("member_calendar", args=[feed.token])
    [event] = events_of(client.get(url).content)  # no login: the secret is the key
    assert str(event["uid"]) == f"session-{session.pk}@coupdemain"
    client.force_login(members[0])
    client.post(reverse("calendar_reset"))
    assert client.get(url).status_code == 404
    feed.refresh_from_db()
    assert client.get(reverse("member_calendar", args=[feed.token])).status_code == 200


def test_the_neighbourhoods_feed_has_its_sessions_and_events(
    client, agenda_scene, animateur
):
    start = soon(days=5)
    services.save_event(
        by=animateur,
        neighbourhood=agenda_scene["neighbourhood"],
        kind="fete",
        title="Fête de quartier",
        description="",
        place=None,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=4),
    )
    client.force_login(agenda_scene["people"]["resident"])
    url = reverse("neighbourhood_calendar", args=[agenda_scene["neighbourhood"].slug])
    summaries = {str(e["summary"]) for e in events_of(client.get(url).content)}
    assert summaries == {"Premiers pas sur smartphone", "Fête de quartier"}
    client.force_login(agenda_scene["people"]["outsider"])
    assert client.get(url).status_code == 403


def test_a_moderator_registers_a_consenting_resident_at_the_desk(
    client, agenda_scene, neighbourhood
):
    moderator = agenda_scene["people"]["moderator"]
    resident = agenda_scene["people"]["resident"]
    session = agenda_scene["session"]
    client.force_login(moderator)
    page = client.get(agenda_scene["workshop"].get_absolute_url()).content.decode()
    assert reverse("registration_for", args=[session.pk]) not in page
    url = reverse("registration_for", args=[session.pk])
    client.post(url, {"resident": resident.pk})
    assert not session.registrations.exists()
    neighbourhood_services.record_consent(
        moderator=moderator,
        resident=resident,
        neighbourhood=neighbourhood,
        purpose="Ateliers",
    )
    page = client.get(agenda_scene["workshop"].get_absolute_url()).content.decode()
    assert url in page and resident.display_name in page
    client.post(url, {"resident": resident.pk})
    registration = session.registrations.get(user=resident)
    assert registration.helped_by == moderator
    # A resident cannot register someone else.
    other = agenda_scene["people"]["volunteer"]
    client.force_login(other)
    client.post(url, {"resident": agenda_scene["author"].pk})
    assert not session.registrations.filter(user=agenda_scene["author"]).exists()


@pytest.mark.parametrize("person", VISITORS)
def test_only_moderators_add_places_and_events(client, agenda_scene, person):
    login(client, agenda_scene, person)
    slug = agenda_scene["neighbourhood"].slug
    start = soon(days=6).strftime("%Y-%m-%dT%H:%M")
    place = client.post(
        reverse("place_create", args=[slug]),
        {"name": "Centre social", "address": "1 place du Marché"},
    )
    event = client.post(
        reverse("event_create", args=[slug]),
        {"kind": "repair", "title": "Repair café", "starts_at": start, "minutes": 180},
    )
    created = (Place.objects.count(), Event.objects.count())
    if person in MODERATORS:
        assert place.status_code == event.status_code == 302
        assert created == (1, 1)
        week = timezone.localdate(soon(days=6)).isoformat()
        agenda_page = client.get(reverse("agenda", args=[slug]), {"week": week})
        assert "Repair café" in agenda_page.content.decode()
    else:
        assert created == (0, 0)
        expected = 302 if person == "visitor" else 403
        assert place.status_code == event.status_code == expected


def test_the_poster_gains_the_workshops_and_events_of_the_next_two_weeks(
    client, agenda_scene, animateur, workshop
):
    services.add_sessions(
        by=animateur,
        workshop=workshop,
        starts=[soon(days=20)],
        duration=datetime.timedelta(hours=1),
        capacity=2,
    )
    start = soon(days=6)
    services.save_event(
        by=animateur,
        neighbourhood=agenda_scene["neighbourhood"],
        kind="repair",
        title="Repair café",
        description="",
        place=None,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    client.force_login(animateur)
    html = client.get(
        reverse("neighbourhood_poster", args=[agenda_scene["neighbourhood"].slug])
    ).content.decode()
    assert 'id="poster-agenda"' in html
    assert html.count("Premiers pas sur smartphone") == 1  # not the one in 20 days
    assert "Repair café" in html


def test_without_a_tile_server_the_places_are_a_list_and_nothing_is_fetched(
    client, agenda_scene, settings
):
    settings.MAP_TILES_URL = ""
    services.save_place(
        by=agenda_scene["animateur"],
        neighbourhood=agenda_scene["neighbourhood"],
        name="Centre social",
        address="12 rue des Tilleuls",
        latitude=Decimal("45.74500"),
        longitude=Decimal("4.86700"),
    )
    client.force_login(agenda_scene["people"]["resident"])
    url = reverse("place_list", args=[agenda_scene["neighbourhood"].slug])
    html = client.get(url).content.decode()
    assert "12 rue des Tilleuls" in html
    assert "leaflet" not in html and 'id="places-map"' not in html


def test_with_a_tile_server_the_places_with_a_position_get_a_map(
    client, agenda_scene, settings
):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    url = reverse("place_list", args=[agenda_scene["neighbourhood"].slug])
    client.force_login(agenda_scene["people"]["resident"])
    services.save_place(
        by=agenda_scene["animateur"],
        neighbourhood=agenda_scene["neighbourhood"],
        name="Médiathèque",
        address="3 place du Marché",
    )
    assert 'id="places-map"' not in client.get(url).content.decode()
    services.save_place(
        by=agenda_scene["animateur"],
        neighbourhood=agenda_scene["neighbourhood"],
        name="Centre social",
        address="12 rue des Tilleuls",
        latitude=Decimal("45.74500"),
        longitude=Decimal("4.86700"),
    )
    html = client.get(url).content.decode()
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert "/static/leaflet/leaflet.js" in html
    assert 'data-lat="45.74500" data-lng="4.86700"' in html
    assert "3 place du Marché" in html  # every place keeps its words


def test_a_place_is_on_the_map_with_both_coordinates_or_not_at_all(
    agenda_scene, refused
):
    from django.core.exceptions import ValidationError

    with refused(ValidationError, fields=["longitude"]):
        services.save_place(
            by=agenda_scene["animateur"],
            neighbourhood=agenda_scene["neighbourhood"],
            name="Centre social",
            address="12 rue des Tilleuls",
            latitude=Decimal("45.74500"),
        )


def test_the_agenda_and_a_workshop_cost_the_same_queries_whatever_their_length(
    client, agenda_scene, animateur, workshop, members
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(agenda_scene["people"]["resident"])
    week = timezone.localdate(agenda_scene["session"].starts_at).isoformat()
    agenda_url = reverse("agenda", args=[agenda_scene["neighbourhood"].slug])

    def count(url, **query):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, query).status_code == 200
        return len(captured)

    small = (count(agenda_url, week=week), count(workshop.get_absolute_url()))
    day = agenda_scene["session"].starts_at
    for hour in range(1, 8):
        [more] = services.add_sessions(
            by=animateur,
            workshop=workshop,
            starts=[day + datetime.timedelta(hours=hour)],
            duration=datetime.timedelta(minutes=30),
            capacity=1,
        )
        for member in members[:2]:
            services.register(user=member, session=more)
    assert (count(agenda_url, week=week), count(workshop.get_absolute_url())) == small


def test_who_came_answers_with_a_face_on_the_workshop_page(
    client, agenda_scene, animateur, members
):
    session = agenda_scene["session"]
    services.register(user=members[0], session=session)
    services.register(user=members[1], session=session)
    services.take_attendance(
        by=animateur, session=session, present={members[0].pk}, now=session.starts_at
    )
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    url = reverse("satisfaction", args=[session.pk])
    client.force_login(members[0])
    page = client.get(agenda_scene["workshop"].get_absolute_url()).content.decode()
    assert url in page and "🙂" in page
    client.post(url, {"face": "3", "comment": "Merci !"})
    client.force_login(members[1])
    assert (
        url
        not in client.get(agenda_scene["workshop"].get_absolute_url()).content.decode()
    )
    client.post(url, {"face": "1"})
    assert list(session.satisfactions.values_list("user", "face", "comment")) == [
        (members[0].pk, 3, "Merci !")
    ]
    client.force_login(animateur)
    summary = client.get(agenda_scene["workshop"].get_absolute_url()).content.decode()
    assert "Merci !" in summary and members[0].display_name not in summary


def test_a_series_under_way_is_joined_from_its_next_session(
    client, agenda_scene, series, members
):
    sessions = list(series.sessions.order_by("starts_at"))
    Session.objects.filter(pk=sessions[0].pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(days=1, hours=-2),
    )
    client.force_login(members[0])
    page = client.get(series.get_absolute_url()).content.decode()
    assert reverse("registration_create", args=[sessions[0].pk]) not in page
    assert reverse("registration_create", args=[sessions[1].pk]) in page
    client.post(reverse("registration_create", args=[sessions[1].pk]))
    states = dict(
        Registration.objects.filter(user=members[0]).values_list("session", "state")
    )
    assert states == {s.pk: "registered" for s in sessions[1:]}
