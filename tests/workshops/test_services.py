"""Workshops' services: who may do what (over the persons matrix), seats and
waiting lists, promotion with a deadline, the desk, attendance, satisfaction,
cancelled and moved sessions, reminders."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import JournalEntry
from notifications.models import Notification
from tests.world import COORDINATORS, MODERATORS, PERSONS, WRITERS
from workshops import services
from workshops.models import OFFER_TIME, Registration, Session, Workshop

from .conftest import digital, soon

State = Registration.State


def states(session) -> dict:
    return dict(session.registrations.values_list("user__pk", "state"))


def told(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind="workshop").values_list(
            "text", flat=True
        )
    )


# Who may do what: the persons matrix.


@pytest.mark.parametrize("person", PERSONS)
def test_moderators_create_approved_workshops_members_propose_others_are_refused(
    person, make_person, neighbourhood, refused
):
    user = make_person(person)
    values = {"neighbourhood": neighbourhood, "title": "Tricot", "category": digital()}
    if person not in WRITERS:
        with refused():
            services.create_workshop(by=user, **values)
        return
    workshop = services.create_workshop(by=user, **values)
    expected = "approved" if person in MODERATORS else "proposed"
    assert workshop.status == expected
    assert list(workshop.organisers.all()) == [user]


@pytest.mark.parametrize("person", PERSONS)
def test_only_the_neighbourhoods_moderators_decide_a_proposal(
    person, make_person, neighbourhood, refused
):
    proposer = make_person("resident")
    proposal = services.create_workshop(
        by=proposer, neighbourhood=neighbourhood, title="Couture", category=digital()
    )
    user = make_person(person)
    if person not in MODERATORS:
        with refused():
            services.decide_workshop(moderator=user, workshop=proposal, approve=True)
        return
    services.decide_workshop(moderator=user, workshop=proposal, approve=True)
    proposal.refresh_from_db()
    assert proposal.status == Workshop.Status.APPROVED
    assert JournalEntry.objects.filter(
        action="workshop_approved", actor=user, subject=proposer
    ).exists()


@pytest.mark.parametrize("person", PERSONS)
def test_members_in_good_standing_register_others_are_refused(
    person, make_person, session, refused
):
    user = make_person(person)
    if person not in WRITERS:
        with refused():
            services.register(user=user, session=session)
        return
    registration = services.register(user=user, session=session)
    assert registration.state == State.REGISTERED


@pytest.mark.parametrize("person", PERSONS)
def test_organisers_and_moderators_take_attendance_no_one_else(
    person, make_person, session, members, refused
):
    services.register(user=members[0], session=session)
    user = make_person(person)
    at = session.starts_at + datetime.timedelta(minutes=5)
    if person not in MODERATORS:
        with refused():
            services.take_attendance(by=user, session=session, present=set(), now=at)
        return
    services.take_attendance(by=user, session=session, present={members[0].pk}, now=at)
    assert states(session) == {members[0].pk: State.ATTENDED}


@pytest.mark.parametrize("person", PERSONS)
def test_who_may_cancel_a_session(person, make_person, session, refused):
    user = make_person(person)
    if person not in MODERATORS:
        with refused():
            services.cancel_session(by=user, session=session)
        return
    services.cancel_session(by=user, session=session)
    assert Session.objects.get(pk=session.pk).cancelled_at is not None


def test_an_organiser_who_is_a_resident_runs_their_approved_workshop(
    make_person, neighbourhood, members
):
    resident = make_person("resident")
    moderator = make_person("moderator")
    proposal = services.create_workshop(
        by=resident, neighbourhood=neighbourhood, title="Couture", category=digital()
    )
    services.decide_workshop(moderator=moderator, workshop=proposal, approve=True)
    [slot] = services.add_sessions(
        by=resident,
        workshop=proposal,
        starts=[soon()],
        duration=datetime.timedelta(hours=2),
        capacity=4,
    )
    services.register(user=members[0], session=slot)
    services.take_attendance(
        by=resident,
        session=slot,
        present=set(),
        walk_ins=2,
        now=slot.starts_at,
    )
    assert states(slot) == {members[0].pk: State.NO_SHOW}


def test_a_proposal_is_not_open_for_registration(make_person, neighbourhood, members):
    resident = make_person("resident")
    proposal = services.create_workshop(
        by=resident, neighbourhood=neighbourhood, title="Couture", category=digital()
    )
    [slot] = services.add_sessions(
        by=resident,
        workshop=proposal,
        starts=[soon()],
        duration=datetime.timedelta(hours=2),
        capacity=4,
    )
    with pytest.raises(ValidationError) as caught:
        services.register(user=members[0], session=slot)
    assert caught.value.code == "not_open"


def test_a_category_or_place_of_another_neighbourhood_is_refused(
    animateur, neighbourhood, sister, coordinator_sister_category=None
):
    from exchanges.models import Category

    theirs = Category.objects.create(neighbourhood=sister, name="À eux", icon="star")
    with pytest.raises(ValidationError) as caught:
        services.create_workshop(
            by=animateur, neighbourhood=neighbourhood, title="X", category=theirs
        )
    assert "category" in caught.value.error_dict


# Seats, waiting list, promotion.


def test_full_sessions_put_members_on_the_waiting_list_in_order(session, members):
    a, b, c, d = members[:4]
    for member in (a, b, c, d):
        services.register(user=member, session=session)
    assert states(session) == {
        a.pk: State.REGISTERED,
        b.pk: State.REGISTERED,
        c.pk: State.WAITING,
        d.pk: State.WAITING,
    }
    with pytest.raises(ValidationError) as caught:
        services.register(user=c, session=session)
    assert caught.value.code == "already"


def test_a_freed_seat_is_offered_to_the_first_waiting_who_is_told_at_once(
    session, members, django_capture_on_commit_callbacks
):
    a, b, c, d = members[:4]
    for member in (a, b, c, d):
        services.register(user=member, session=session)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(user=a, session=session, now=now)
    offered = session.registrations.get(user=c)
    assert offered.state == State.OFFERED
    assert offered.offered_until == now + OFFER_TIME
    assert states(session)[d.pk] == State.WAITING
    assert len(told(c)) == 1 and "Premiers pas sur smartphone" in told(c)[0]
    assert told(d) == []
    # A newcomer waits behind those already waiting.
    services.register(user=members[4], session=session)
    assert states(session)[members[4].pk] == State.WAITING
    services.confirm_offer(user=c, session=session)
    assert states(session)[c.pk] == State.REGISTERED


def test_giving_a_seat_on_offers_it_to_the_next(session, members):
    a, b, c, d = members[:4]
    for member in (a, b, c, d):
        services.register(user=member, session=session)
    services.cancel_registration(user=a, session=session)
    services.cancel_registration(user=c, session=session)
    assert states(session)[c.pk] == State.CANCELLED
    assert states(session)[d.pk] == State.OFFERED


def test_an_offer_lapses_at_its_deadline_and_goes_to_the_next(
    session, members, django_capture_on_commit_callbacks
):
    a, b, c, d = members[:4]
    for member in (a, b, c, d):
        services.register(user=member, session=session)
    services.cancel_registration(user=a, session=session)
    assert services.expire_offers() == 0
    later = timezone.now() + OFFER_TIME + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_offers(now=later) == 1
    assert states(session)[c.pk] == State.CANCELLED
    assert states(session)[d.pk] == State.OFFERED
    [lapse] = told(c)
    assert "Premiers pas sur smartphone" in lapse and told(d) != []
    with pytest.raises(ValidationError):
        services.confirm_offer(user=c, session=session, now=later)


def test_the_offer_deadline_never_passes_the_start(session, members):
    a, b, c = members[:3]
    for member in (a, b, c):
        services.register(user=member, session=session)
    late = session.starts_at - datetime.timedelta(hours=2)
    Registration.objects.filter(user=a).update(state=State.OFFERED, offered_until=late)
    services.expire_offers(now=late)
    assert session.registrations.get(user=c).offered_until == session.starts_at


def test_a_seat_can_be_given_back_only_until_the_set_time(session, members):
    a, b = members[:2]
    services.register(user=a, session=session)
    services.register(user=b, session=session)
    services.register(user=members[2], session=session)
    too_late = session.starts_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as caught:
        services.cancel_registration(user=a, session=session, now=too_late)
    assert caught.value.code == "too_late"
    # Someone waiting may always leave the list.
    services.cancel_registration(user=members[2], session=session, now=too_late)
    assert states(session)[members[2].pk] == State.CANCELLED


def test_a_series_is_registered_as_a_whole(series, members):
    sessions = list(series.sessions.all())
    for member in members[:4]:
        services.register(user=member, session=sessions[0])
    for each in sessions:
        assert sorted(states(each).values()) == sorted(
            [State.REGISTERED] * 3 + [State.WAITING]
        )
    services.cancel_registration(user=members[1], session=sessions[2])
    for each in sessions:
        assert states(each)[members[1].pk] == State.CANCELLED
        assert states(each)[members[3].pk] == State.OFFERED
    services.confirm_offer(user=members[3], session=sessions[0])
    assert {states(each)[members[3].pk] for each in sessions} == {State.REGISTERED}


def test_a_series_gains_no_session_once_members_registered(animateur, series, members):
    services.register(user=members[0], session=series.sessions.first())
    with pytest.raises(ValidationError):
        services.add_sessions(
            by=animateur,
            workshop=series,
            starts=[soon(days=60)],
            duration=datetime.timedelta(hours=1),
            capacity=3,
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    capacity=st.integers(min_value=1, max_value=3),
    moves=st.lists(
        st.tuples(
            st.sampled_from(["register", "cancel", "confirm", "expire"]),
            st.integers(min_value=0, max_value=4),
        ),
        max_size=25,
    ),
)
def test_seats_never_exceed_capacity_and_no_seat_stays_free_while_people_wait(
    workshop, members, capacity, moves
):
    session = Session.objects.create(
        workshop=workshop,
        starts_at=soon(days=5),
        ends_at=soon(days=5) + datetime.timedelta(hours=1),
        capacity=capacity,
    )
    now = timezone.now()
    for step, (move, who) in enumerate(moves):
        member, at = members[who], now + datetime.timedelta(hours=step * 7)
        try:
            if move == "register":
                services.register(user=member, session=session, now=at)
            elif move == "cancel":
                services.cancel_registration(user=member, session=session, now=at)
            elif move == "confirm":
                services.confirm_offer(user=member, session=session, now=at)
            else:
                services.expire_offers(now=at)
        except ValidationError:
            pass
        held = session.registrations.filter(state__in=Registration.SEATED).count()
        waiting = session.registrations.filter(state=State.WAITING).count()
        assert held <= capacity
        assert waiting == 0 or held == capacity


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    moves=st.lists(
        st.tuples(
            st.sampled_from(["register", "cancel", "confirm", "expire"]),
            st.integers(min_value=0, max_value=4),
            st.integers(min_value=0, max_value=3),
        ),
        max_size=20,
    ),
)
def test_a_series_never_has_more_seats_taken_than_capacity_in_any_session(
    series, members, moves
):
    Registration.objects.filter(session__workshop=series).delete()
    sessions = list(series.sessions.order_by("starts_at"))
    now = timezone.now()
    for step, (move, who, which) in enumerate(moves):
        member, session = members[who], sessions[which]
        at = now + datetime.timedelta(hours=step * 7)
        try:
            if move == "register":
                services.register(user=member, session=session, now=at)
            elif move == "cancel":
                services.cancel_registration(user=member, session=session, now=at)
            elif move == "confirm":
                services.confirm_offer(user=member, session=session, now=at)
            else:
                services.expire_offers(now=at)
        except ValidationError:
            pass
        for each in sessions:
            held = each.registrations.filter(state__in=Registration.SEATED).count()
            assert held <= each.capacity
        # Registered as a whole: each member is in the same state in every
        # session still to come.
        to_come = [each for each in sessions if each.starts_at > at]
        for person in members:
            states = Registration.objects.filter(user=person, session__in=to_come)
            assert len(set(states.values_list("state", flat=True))) <= 1


# The desk.


def test_a_moderator_registers_a_resident_at_the_desk_with_their_consent(
    session, moderator, resident, neighbourhood, refused
):
    with refused():
        services.register(user=resident, session=session, helped_by=moderator)
    neighbourhood_services.record_consent(
        moderator=moderator,
        resident=resident,
        neighbourhood=neighbourhood,
        purpose="Inscriptions aux ateliers",
    )
    registration = services.register(
        user=resident, session=session, helped_by=moderator
    )
    assert registration.helped_by == moderator
    entry = JournalEntry.objects.get(action="acted_for", subject=resident)
    assert entry.actor == moderator and "Premiers pas" in entry.details


# Attendance and satisfaction.


def test_attendance_marks_no_shows_and_adds_walk_ins(
    animateur, session, members, make_person
):
    a, b = members[:2]
    services.register(user=a, session=session)
    services.register(user=b, session=session)
    walker = members[2]
    with pytest.raises(ValidationError):
        services.take_attendance(by=animateur, session=session, present={a.pk})
    services.take_attendance(
        by=animateur,
        session=session,
        present={a.pk},
        walk_in_members=[walker],
        walk_ins=2,
        now=session.starts_at,
    )
    assert states(session) == {
        a.pk: State.ATTENDED,
        b.pk: State.NO_SHOW,
        walker.pk: State.ATTENDED,
    }
    session.refresh_from_db()
    assert session.walk_ins == 2
    assert "4" in JournalEntry.objects.get(action="attendance_taken").details
    outsider = make_person("outsider")
    with pytest.raises(ValidationError):
        services.take_attendance(
            by=animateur,
            session=session,
            present=set(),
            walk_in_members=[outsider],
            now=session.starts_at,
        )


def test_only_those_who_came_answer_the_satisfaction_question(
    animateur, session, members, django_capture_on_commit_callbacks
):
    a, b = members[:2]
    services.register(user=a, session=session)
    services.register(user=b, session=session)
    with django_capture_on_commit_callbacks(execute=True):
        services.take_attendance(
            by=animateur, session=session, present={a.pk}, now=session.starts_at
        )
    # Those who came are asked once; correcting the attendance asks nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        services.take_attendance(
            by=animateur, session=session, present={a.pk}, now=session.starts_at
        )
    assert len(told(a)) == 1 and told(b) == []
    with pytest.raises(ValidationError):
        services.answer_satisfaction(user=b, session=session, face=3)
    answer = services.answer_satisfaction(
        user=a, session=session, face=3, comment=" Très clair "
    )
    assert answer.comment == "Très clair"
    services.answer_satisfaction(user=a, session=session, face=2)
    assert session.satisfactions.get().face == 2


# Cancelled and moved sessions, reminders.


def test_cancelling_a_session_tells_everyone_registered_or_waiting(
    animateur, session, members, django_capture_on_commit_callbacks
):
    for member in members[:3]:
        services.register(user=member, session=session)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(by=animateur, session=session, reason="Salle inondée")
    for member in members[:3]:
        assert any("Salle inondée" in text for text in told(member))
    assert told(members[3]) == []
    assert JournalEntry.objects.filter(action="session_cancelled").exists()
    with pytest.raises(ValidationError):
        services.register(user=members[3], session=session)


def test_moving_a_session_tells_everyone_registered(
    animateur, session, members, django_capture_on_commit_callbacks
):
    services.register(user=members[0], session=session)
    later = session.starts_at + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.move_session(
            by=animateur,
            session=session,
            starts_at=later,
            ends_at=later + datetime.timedelta(hours=1),
        )
    assert len(told(members[0])) == 1
    assert JournalEntry.objects.filter(action="session_moved").exists()


def test_reminders_go_the_day_before_once(
    animateur, workshop, members, django_capture_on_commit_callbacks
):
    [tomorrow, later] = services.add_sessions(
        by=animateur,
        workshop=workshop,
        starts=[soon(days=1), soon(days=2)],
        duration=datetime.timedelta(hours=1),
        capacity=1,
    )
    services.register(user=members[0], session=tomorrow)
    services.register(user=members[1], session=tomorrow)
    services.register(user=members[2], session=later)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders()
    assert len(told(members[0])) == 1
    assert told(members[1]) == [] and told(members[2]) == []


def test_the_command_lapses_offers_and_sends_reminders(capsys, db):
    call_command("workshop_tasks")
    assert "0 offers lapsed, 0 sessions reminded" in capsys.readouterr().out


def test_coordinators_are_moderators_here_too():
    assert COORDINATORS <= MODERATORS


@pytest.mark.parametrize("person", PERSONS)
def test_members_who_often_miss_are_seen_by_the_staff_only(
    person, make_person, animateur, workshop, members, neighbourhood
):
    from neighbourhoods.permissions import NotAllowed
    from workshops import selectors

    slots = services.add_sessions(
        by=animateur,
        workshop=workshop,
        starts=[soon(days=2), soon(days=3), soon(days=4)],
        duration=datetime.timedelta(hours=1),
        capacity=3,
    )
    for slot in slots:
        services.register(user=members[0], session=slot)
        services.register(user=members[1], session=slot)
    for slot, present in zip(
        slots, ({members[1].pk}, {members[1].pk}, set()), strict=True
    ):
        services.take_attendance(
            by=animateur, session=slot, present=present, now=slot.starts_at
        )
    user = make_person(person)
    if person not in MODERATORS:
        with pytest.raises(NotAllowed):
            selectors.frequent_no_shows(user=user, neighbourhood=neighbourhood)
        return
    found = {
        member.pk: member.no_shows
        for member in selectors.frequent_no_shows(
            user=user, neighbourhood=neighbourhood
        )
    }
    assert found == {members[0].pk: 3}  # one miss is not "often"


def test_a_workshop_s_news_is_written_in_the_reader_s_language_when_read(
    animateur, session, members, django_capture_on_commit_callbacks
):
    from django.utils import translation

    reader = members[0]
    services.register(user=reader, session=session)
    later = session.starts_at + datetime.timedelta(days=1)
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        services.move_session(
            by=animateur,
            session=session,
            starts_at=later,
            ends_at=later + datetime.timedelta(hours=1),
        )
    (news,) = Notification.objects.filter(user=reader)
    assert news.message == "workshop.moved"
    with translation.override("en"):
        assert news.words().startswith("The session of")
    with translation.override("fr"):
        assert news.words().startswith("La séance")
