"""Mentoring's services: who may do what over the persons matrix, the pair's
life, the safeguards (a minor without and with a guardian's consent, a member
needing care, a suspended member, the first meeting at the centre, "I am
uncomfortable"), and the hours counted for both sides."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring import permissions, selectors, services
from mentoring.models import MentoringSettings, Pair
from neighbourhoods.models import JournalEntry
from notifications.models import Notification
from tests.world import MODERATORS, PERSONS, WRITERS

from .conftest import make_pair

HOUR = datetime.timedelta(hours=1)


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


# Who may do what: the persons matrix.


@pytest.mark.parametrize("person", PERSONS)
def test_members_in_good_standing_ask_for_a_mentor_others_are_refused(
    person, make_person, mentor, neighbourhood, refused, committed
):
    user = make_person(person)
    values = {"mentor": mentor, "neighbourhood": neighbourhood, "purpose": "Tricot"}
    if person not in WRITERS:
        with refused():
            services.propose_pair(by=user, mentee=user, **values)
        return
    with committed():
        pair = services.propose_pair(by=user, mentee=user, **values)
    assert pair.state == "proposed"
    assert pair.mentee_accepted_at is not None and pair.mentor_accepted_at is None
    assert Notification.objects.filter(user=mentor, kind="exchange").count() == 1


@pytest.mark.parametrize("person", PERSONS)
def test_only_an_animateur_proposes_a_pair_between_two_other_members(
    person, make_person, mentor, senior, neighbourhood, refused
):
    user = make_person(person)
    values = {"mentor": mentor, "mentee": senior, "neighbourhood": neighbourhood}
    if person not in MODERATORS:
        with refused():
            services.propose_pair(by=user, purpose="Tricot", **values)
        return
    pair = services.propose_pair(by=user, purpose="Tricot", **values)
    assert (pair.mentor_accepted_at, pair.mentee_accepted_at) == (None, None)
    assert JournalEntry.objects.filter(action="pair_proposed", actor=user).exists()


@pytest.mark.parametrize("person", [p for p in PERSONS if p != "visitor"])
def test_a_member_asked_to_mentor_accepts_while_in_good_standing(
    person, make_person, senior, neighbourhood, no_approval, refused
):
    """Asked when they could take part, the member is now in the situation
    of `person`."""
    user = make_person(person)
    pair = Pair.objects.create(
        neighbourhood=neighbourhood,
        mentor=user,
        mentee=senior,
        purpose="Appels vidéo",
        proposed_by=senior,
        mentee_accepted_at=timezone.now(),
    )
    if person not in WRITERS:
        with refused():
            services.accept_pair(by=user, pair=pair)
        return
    pair = services.accept_pair(by=user, pair=pair)
    assert pair.state == "active"
    with refused():
        services.accept_pair(by=senior, pair=pair)


@pytest.mark.parametrize("person", PERSONS)
def test_only_a_moderator_who_is_not_a_side_approves_a_pair(
    person, make_person, mentor, senior, neighbourhood, refused
):
    pair = make_pair(mentor=mentor, mentee=senior, neighbourhood=neighbourhood)
    assert pair.state == "awaiting"
    user = make_person(person)
    if person not in MODERATORS:
        with refused():
            services.decide_pair(by=user, pair=pair, approve=True)
        return
    pair = services.decide_pair(by=user, pair=pair, approve=True)
    assert pair.state == "active" and pair.approved_by == user
    assert JournalEntry.objects.filter(action="pair_approved", actor=user).exists()


def test_a_moderator_does_not_approve_their_own_pair(
    animateur, senior, neighbourhood, refused
):
    pair = make_pair(mentor=animateur, mentee=senior, neighbourhood=neighbourhood)
    with refused():
        services.decide_pair(by=animateur, pair=pair, approve=True)


@pytest.mark.parametrize("person", PERSONS)
def test_a_pair_is_seen_by_its_sides_and_the_neighbourhoods_moderators(
    person, make_person, active_pair
):
    user = make_person(person)
    seen = selectors.pairs_visible_to(user=user).filter(pk=active_pair.pk).exists()
    assert seen == (person in MODERATORS)
    assert permissions.may_see_pair(user, active_pair) == seen


@pytest.mark.parametrize("person", PERSONS)
def test_the_follow_up_page_is_for_the_neighbourhoods_moderators(
    person, make_person, neighbourhood, refused
):
    user = make_person(person)
    if person not in MODERATORS:
        with refused():
            selectors.follow_up(user=user, neighbourhood=neighbourhood)
        return
    assert selectors.follow_up(user=user, neighbourhood=neighbourhood)["live"] == []


@pytest.mark.parametrize("person", PERSONS)
def test_only_the_sides_say_they_are_uncomfortable(
    person, make_person, active_pair, refused
):
    user = make_person(person)
    with refused():
        services.say_uncomfortable(by=user, pair=active_pair, text="?")


@pytest.mark.parametrize("person", PERSONS)
def test_the_staff_record_a_guardians_consent(
    person, make_person, minor, neighbourhood, refused
):
    user = make_person(person)
    values = {
        "member": minor,
        "neighbourhood": neighbourhood,
        "guardian_name": "Mme Benali",
        "how": "in_person",
        "given_on": datetime.date(2026, 11, 30),
    }
    if person not in MODERATORS:
        with refused():
            services.record_guardian_consent(by=user, **values)
        return
    consent = services.record_guardian_consent(by=user, **values)
    assert consent.recorded_by == user
    assert permissions.has_guardian_consent(minor, neighbourhood)
    assert JournalEntry.objects.filter(action="guardian_consent", subject=minor)


# The pair's life.


def test_without_approval_asked_an_adult_pair_starts_when_accepted(
    mentor, senior, neighbourhood, no_approval, committed
):
    with committed():
        pair = make_pair(mentor=mentor, mentee=senior, neighbourhood=neighbourhood)
    assert pair.state == "active" and pair.started_at is not None
    texts = Notification.objects.filter(user=senior).values_list("text", flat=True)
    assert any("sécurité" in text or "safety" in text for text in texts)


def test_the_neighbourhood_asks_for_approval_by_default(
    mentor, senior, animateur, neighbourhood, committed
):
    with committed():
        pair = make_pair(mentor=mentor, mentee=senior, neighbourhood=neighbourhood)
    assert pair.state == "awaiting"
    assert Notification.objects.filter(user=animateur, kind="exchange").exists()


def test_a_minor_without_consent_waits_then_a_moderator_approves(
    minor, senior, animateur, neighbourhood, no_approval
):
    pair = make_pair(mentor=minor, mentee=senior, neighbourhood=neighbourhood)
    assert pair.state == "accepted"
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        services.plan_meeting(by=minor, pair=pair, starts_at=ago(days=1), duration=HOUR)
    services.record_guardian_consent(
        by=animateur,
        member=minor,
        neighbourhood=neighbourhood,
        guardian_name="M. Durand",
        how="signed_form",
        given_on=datetime.date(2026, 12, 1),
    )
    pair.refresh_from_db()
    # Approval is always asked for a pair with a minor, setting or not.
    assert pair.state == "awaiting"
    services.decide_pair(by=animateur, pair=pair, approve=True)
    pair.refresh_from_db()
    assert pair.state == "active"


def test_a_minor_with_consent_is_still_approved_first(
    minor, senior, animateur, neighbourhood, no_approval
):
    services.record_guardian_consent(
        by=animateur,
        member=minor,
        neighbourhood=neighbourhood,
        guardian_name="M. Durand",
        how="phone",
        given_on=datetime.date(2026, 12, 1),
    )
    pair = make_pair(mentor=minor, mentee=senior, neighbourhood=neighbourhood)
    assert pair.state == "awaiting"


def test_a_member_marked_as_needing_care_is_approved_first(
    mentor, senior, animateur, neighbourhood, no_approval
):
    services.mark_needs_care(
        by=animateur, member=senior, neighbourhood=neighbourhood, note="Isolée"
    )
    pair = make_pair(mentor=mentor, mentee=senior, neighbourhood=neighbourhood)
    assert pair.state == "awaiting"
    services.lift_needs_care(by=animateur, member=senior, neighbourhood=neighbourhood)
    assert not permissions.needs_care(senior, neighbourhood)


def test_a_suspended_member_cannot_be_put_in_a_pair(
    make_person, senior, neighbourhood, refused
):
    suspended = make_person("suspended")
    with refused():
        services.propose_pair(
            by=senior,
            mentor=suspended,
            mentee=senior,
            neighbourhood=neighbourhood,
            purpose="Tricot",
        )


def test_a_suspended_side_cannot_plan_but_may_say_they_are_uncomfortable(
    active_pair, senior, neighbourhood, refused
):
    senior.memberships.update(
        status="suspended", suspended_until=timezone.now() + datetime.timedelta(days=2)
    )
    with refused():
        services.plan_meeting(
            by=senior, pair=active_pair, starts_at=ago(hours=2), duration=HOUR
        )
    report = services.say_uncomfortable(by=senior, pair=active_pair)
    assert report.pair == active_pair


def test_a_member_cannot_pair_with_themselves(mentor, neighbourhood, refused):
    with refused():
        services.propose_pair(
            by=mentor,
            mentor=mentor,
            mentee=mentor,
            neighbourhood=neighbourhood,
            purpose="x",
        )


def test_meetings_logs_and_hours_for_both_sides(active_pair, mentor, senior, refused):
    meeting = services.plan_meeting(
        by=senior,
        pair=active_pair,
        starts_at=ago(hours=3),
        duration=datetime.timedelta(minutes=90),
    )
    with refused(ValidationError, code="not_held"):
        services.write_log(by=mentor, meeting=meeting, done="Appel vidéo")
    services.mark_held(by=mentor, meeting=meeting)
    services.write_log(
        by=mentor, meeting=meeting, done="Premier appel", learnt="La patience"
    )
    services.write_log(by=senior, meeting=meeting, done="Appel", learnt="WhatsApp")
    assert selectors.minutes_by_side(user=mentor) == {"given": 1.5, "received": 0}
    assert selectors.minutes_by_side(user=senior) == {"given": 0, "received": 1.5}
    with refused(ValidationError, code="duplicate"):
        services.write_log(by=senior, meeting=meeting, done="Encore")


def test_a_future_meeting_is_not_marked_held(active_pair, mentor, refused):
    meeting = services.plan_meeting(
        by=mentor,
        pair=active_pair,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        duration=HOUR,
    )
    with refused(ValidationError, code="future"):
        services.mark_held(by=mentor, meeting=meeting)


def test_a_meeting_is_at_a_place_of_the_neighbourhood(
    active_pair, mentor, sister, refused
):
    from workshops.models import Place

    away = Place.objects.create(neighbourhood=sister, name="Ailleurs", address="x")
    with refused(ValidationError, fields=["place"]):
        services.plan_meeting(
            by=mentor,
            pair=active_pair,
            starts_at=ago(hours=1),
            duration=HOUR,
            place=away,
        )


def test_pause_resume_end_with_a_thank_you(
    active_pair, mentor, senior, refused, committed
):
    services.pause_pair(by=mentor, pair=active_pair)
    assert active_pair.state == "paused"
    services.resume_pair(by=senior, pair=active_pair)
    with committed():
        services.end_pair(
            by=senior, pair=active_pair, closing_word="Merci !", thanks=True
        )
    active_pair.refresh_from_db()
    assert (active_pair.state, active_pair.thanked) == ("ended", True)
    assert Notification.objects.filter(
        user=mentor, key=f"pair:{active_pair.pk}:ended"
    ).exists()
    with refused():
        services.pause_pair(by=mentor, pair=active_pair)


def test_a_hand_over_asks_the_new_mentor(active_pair, mentor, senior, make_person):
    other = make_person("resident")
    following = services.hand_over(by=mentor, pair=active_pair, new_mentor=other)
    active_pair.refresh_from_db()
    assert active_pair.state == "handed_over"
    assert active_pair.continued_by == following
    assert (following.mentor, following.mentee, following.state) == (
        other,
        senior,
        "proposed",
    )
    services.accept_pair(by=other, pair=following)
    following.refresh_from_db()
    assert following.state == "active"


# The first meeting at the centre.


def test_contacts_are_hidden_until_the_first_meeting_at_the_centre(
    active_pair, mentor, senior, animateur, centre, neighbourhood
):
    MentoringSettings.objects.filter(neighbourhood=neighbourhood).update(
        first_meeting_at_centre=True
    )
    services.save_contact(by=mentor, pair=active_pair, contact="06 00 00 00 00")
    assert not permissions.may_see_contacts(senior, active_pair)
    # Held elsewhere, or without an animateur: still hidden.
    elsewhere = services.plan_meeting(
        by=senior, pair=active_pair, starts_at=ago(hours=5), duration=HOUR
    )
    services.mark_held(by=senior, meeting=elsewhere)
    at_centre = services.plan_meeting(
        by=senior, pair=active_pair, starts_at=ago(hours=2), duration=HOUR, place=centre
    )
    # The animateur marks it without saying it was during the opening hours:
    # not the meeting at the centre the rule asks for.
    hurried = services.plan_meeting(
        by=senior, pair=active_pair, starts_at=ago(hours=3), duration=HOUR, place=centre
    )
    services.mark_held(by=animateur, meeting=hurried)
    assert hurried.animateur_present is None
    assert not permissions.may_see_contacts(senior, active_pair)
    services.mark_held(by=animateur, meeting=at_centre, during_opening_hours=True)
    assert at_centre.animateur_present == animateur
    assert permissions.may_see_contacts(senior, active_pair)
    assert permissions.may_see_contacts(mentor, active_pair)


# "I am uncomfortable".


def test_uncomfortable_reaches_the_moderators_at_once_and_pauses_the_pair(
    active_pair, senior, mentor, animateur, make_person, refused, committed
):
    coordinator = make_person("coordinator")
    mail.outbox.clear()
    with committed():
        report = services.say_uncomfortable(
            by=senior, pair=active_pair, text="Il me demande de l'argent"
        )
    active_pair.refresh_from_db()
    assert active_pair.state == "paused"
    for staff in (animateur, coordinator):
        assert Notification.objects.filter(
            user=staff, kind="moderation", key=f"safety:{report.pk}"
        ).exists()
    emailed = {address for message in mail.outbox for address in message.to}
    assert {animateur.email, coordinator.email} <= emailed
    told = Notification.objects.get(user=senior, key=f"safety:{report.pk}:reporter")
    assert "17" in told.text
    # The other side cannot resume it; a moderator does once it is handled.
    with refused():
        services.resume_pair(by=mentor, pair=active_pair)
    queue = selectors.safety_reports(user=animateur, neighbourhood=report.neighbourhood)
    assert list(queue) == [report]
    services.handle_safety_report(
        by=animateur, report=report, note="Appelé les deux", resume=False
    )
    services.resume_pair(by=animateur, pair=active_pair)
    assert active_pair.state == "active"


def test_open_safety_reports_come_first(active_pair, senior, mentor, animateur):
    first = services.say_uncomfortable(by=senior, pair=active_pair)
    services.handle_safety_report(by=animateur, report=first, note="Vu", resume=True)
    second = services.say_uncomfortable(by=mentor, pair=active_pair)
    queue = selectors.safety_reports(user=animateur, neighbourhood=first.neighbourhood)
    assert list(queue) == [second, first]


def test_the_follow_up_shows_pairs_to_approve_quiet_pairs_and_check_ins(
    mentor, senior, animateur, neighbourhood, make_person
):
    waiting = make_pair(mentor=mentor, mentee=senior, neighbourhood=neighbourhood)
    other = make_person("resident")
    quiet = make_pair(mentor=mentor, mentee=other, neighbourhood=neighbourhood)
    services.decide_pair(by=animateur, pair=quiet, approve=True)
    Pair.objects.filter(pk=quiet.pk).update(
        started_at=ago(days=40), created_at=ago(days=41)
    )
    meeting = services.plan_meeting(
        by=mentor, pair=quiet, starts_at=ago(days=30), duration=HOUR
    )
    services.mark_held(by=mentor, meeting=meeting)
    page = selectors.follow_up(user=animateur, neighbourhood=neighbourhood)
    assert page["to_approve"] == [waiting]
    # Held just now (marked held today): not quiet; a check-in is due.
    assert page["quiet"] == []
    assert page["check_ins"] == [quiet]
    services.save_staff_note(
        by=animateur, pair=quiet, note="Tout va bien", checked_in=True
    )
    page = selectors.follow_up(user=animateur, neighbourhood=neighbourhood)
    assert page["check_ins"] == []
    quiet.meetings.update(held_at=ago(days=30))
    page = selectors.follow_up(user=animateur, neighbourhood=neighbourhood)
    assert page["quiet"] == [quiet]


def test_a_withdrawn_guardians_consent_pauses_the_minors_pairs(
    minor, senior, animateur, neighbourhood, no_approval
):
    services.record_guardian_consent(
        by=animateur,
        member=minor,
        neighbourhood=neighbourhood,
        guardian_name="M. Durand",
        how="phone",
        given_on=datetime.date(2026, 12, 1),
    )
    pair = make_pair(mentor=minor, mentee=senior, neighbourhood=neighbourhood)
    services.decide_pair(by=animateur, pair=pair, approve=True)
    services.withdraw_guardian_consent(
        by=animateur, member=minor, neighbourhood=neighbourhood
    )
    pair.refresh_from_db()
    assert pair.state == "paused"
    assert JournalEntry.objects.filter(action="guardian_withdrawn").exists()
