"""Mentoring's pages for every kind of person, and a pair's whole life
through plain form posts (no JavaScript)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring import services
from mentoring.models import Log, MentoringSettings, Pair, SafetyReport
from tests.world import MODERATORS, VISITORS, login

from .conftest import make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(market, mentor, senior, neighbourhood, centre):
    pair = make_pair(mentor=mentor, mentee=senior, neighbourhood=neighbourhood)
    return {**market, "pair": pair}


@pytest.mark.parametrize("person", VISITORS)
def test_a_pairs_page_is_for_its_sides_and_the_moderators(client, scene, person):
    login(client, scene, person)
    response = client.get(scene["pair"].get_absolute_url())
    if person == "visitor":
        assert response.status_code == 302
        return
    if person not in MODERATORS:
        assert response.status_code == 404
        return
    page = response.content.decode()
    assert response.status_code == 200
    assert "Appels vidéo" in page
    assert reverse("mentoring:decide", args=[scene["pair"].pk]) in page


@pytest.mark.parametrize("person", VISITORS)
def test_the_follow_up_page_is_for_the_moderators(client, scene, person):
    login(client, scene, person)
    url = reverse("mentoring:follow_up", args=[scene["neighbourhood"].slug])
    response = client.get(url)
    if person == "visitor":
        assert response.status_code == 302
        return
    assert response.status_code == (200 if person in MODERATORS else 403)
    if person in MODERATORS:
        assert "Appels vidéo" in response.content.decode()


@pytest.mark.parametrize("person", VISITORS)
def test_my_pairs_page(client, scene, person):
    login(client, scene, person)
    response = client.get(reverse("mentoring:my_pairs"))
    assert response.status_code == (302 if person == "visitor" else 200)


def test_a_pair_from_a_profile_to_a_meeting_logged(
    client, senior, mentor, animateur, neighbourhood, centre
):
    MentoringSettings.objects.create(
        neighbourhood=neighbourhood, first_meeting_at_centre=True
    )
    client.force_login(senior)
    profile_page = client.get(mentor.profile.get_absolute_url()).content.decode()
    propose = reverse("mentoring:propose", args=[mentor.profile.pk])
    assert propose in profile_page
    response = client.post(
        propose,
        {
            "role": "mentee",
            "purpose": "Appeler mes petits-enfants en vidéo",
            "neighbourhood": neighbourhood.pk,
        },
    )
    pair = Pair.objects.get()
    assert response.url == pair.get_absolute_url()
    client.force_login(mentor)
    client.post(reverse("mentoring:accept", args=[pair.pk]))
    pair.refresh_from_db()
    assert pair.state == "awaiting"
    client.force_login(animateur)
    client.post(reverse("mentoring:decide", args=[pair.pk]), {"decision": "approve"})
    pair.refresh_from_db()
    assert pair.state == "active"
    client.force_login(mentor)
    page = client.get(pair.get_absolute_url()).content.decode()
    assert "17" in page  # the safety rules, shown when the pair starts
    assert "centre" in page
    client.post(reverse("mentoring:contact", args=[pair.pk]), {"contact": "0611"})
    client.force_login(senior)
    assert "0611" not in client.get(pair.get_absolute_url()).content.decode()
    start = timezone.localtime() - datetime.timedelta(hours=1)
    client.post(
        reverse("mentoring:plan", args=[pair.pk]),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 60,
            "place": centre.pk,
        },
    )
    meeting = pair.meetings.get()
    client.force_login(animateur)
    client.post(
        reverse("mentoring:held", args=[meeting.pk]), {"during_opening_hours": "on"}
    )
    meeting.refresh_from_db()
    assert meeting.animateur_present == animateur
    client.force_login(senior)
    assert "0611" in client.get(pair.get_absolute_url()).content.decode()
    client.post(
        reverse("mentoring:log", args=[meeting.pk]),
        {"done": "Un appel vidéo", "learnt": "Décrocher"},
    )
    assert Log.objects.get().author == senior


def test_i_am_uncomfortable_says_what_happens_next(client, scene, senior):
    services.decide_pair(
        by=scene["people"]["moderator"], pair=scene["pair"], approve=True
    )
    client.force_login(senior)
    url = reverse("mentoring:uncomfortable", args=[scene["pair"].pk])
    assert "17" in client.get(url).content.decode()
    response = client.post(url, {"text": "Il insiste pour venir chez moi"})
    assert response.status_code == 200
    assert SafetyReport.objects.get().reporter == senior
    scene["pair"].refresh_from_db()
    assert scene["pair"].state == "paused"
    client.force_login(scene["people"]["moderator"])
    queue = client.get(reverse("mentoring:safety")).content.decode()
    assert "Il insiste pour venir chez moi" in queue


@pytest.mark.parametrize("person", VISITORS)
def test_only_the_sides_reach_the_uncomfortable_page(client, scene, person):
    login(client, scene, person)
    response = client.get(reverse("mentoring:uncomfortable", args=[scene["pair"].pk]))
    expected = 302 if person == "visitor" else 404 if person not in MODERATORS else 403
    assert response.status_code == expected


def test_the_staff_record_a_guardians_consent_at_the_desk(
    client, animateur, minor, neighbourhood
):
    client.force_login(animateur)
    response = client.post(
        reverse("mentoring:consent", args=[neighbourhood.slug]),
        {
            "consent-member": minor.pk,
            "consent-guardian_name": "Mme Benali",
            "consent-how": "in_person",
            "consent-given_on": "2026-12-01",
        },
    )
    assert response.status_code == 302
    assert minor.guardian_consents.get().recorded_by == animateur


def test_a_safety_rules_page_for_everyone(client):
    assert client.get(reverse("mentoring:safety_rules")).status_code == 200


def test_the_animateur_sets_the_neighbourhood_pairs_and_marks_a_member(
    client, animateur, mentor, senior, neighbourhood
):
    client.force_login(animateur)
    slug = neighbourhood.slug
    client.post(
        reverse("mentoring:settings", args=[slug]),
        {"settings-first_meeting_at_centre": "on", "settings-quiet_after_days": 14},
    )
    settings = MentoringSettings.objects.get(neighbourhood=neighbourhood)
    assert (settings.approval_required, settings.first_meeting_at_centre) == (
        False,
        True,
    )
    client.post(
        reverse("mentoring:care", args=[slug]),
        {"care-member": senior.pk, "care-note": "Très isolée"},
    )
    assert senior.care_marks.get().marked_by == animateur
    client.post(
        reverse("mentoring:staff_propose", args=[slug]),
        {"pair-mentor": mentor.pk, "pair-mentee": senior.pk, "pair-purpose": "Tricot"},
    )
    pair = Pair.objects.get()
    assert (pair.proposed_by, pair.state) == (animateur, "proposed")
    # A form with an error shows the page again, with the error.
    response = client.post(
        reverse("mentoring:staff_propose", args=[slug]),
        {"pair-mentor": mentor.pk, "pair-mentee": mentor.pk, "pair-purpose": "x"},
    )
    assert response.status_code in (200, 403)
    assert Pair.objects.count() == 1


def test_the_moderators_handle_a_safety_report_from_their_page(
    client, active_pair, senior, animateur
):
    report = services.say_uncomfortable(by=senior, pair=active_pair)
    client.force_login(animateur)
    client.post(
        reverse("mentoring:safety_handle", args=[report.pk]),
        {"note": "Appelé Mme", "resume": "on"},
    )
    report.refresh_from_db()
    active_pair.refresh_from_db()
    assert report.handled_by == animateur and active_pair.state == "active"


def test_end_and_hand_over_from_the_pairs_page(
    client, active_pair, mentor, senior, make_person
):
    other = make_person("resident")
    client.force_login(mentor)
    client.post(
        reverse("mentoring:hand_over", args=[active_pair.pk]),
        {"new_mentor": other.pk},
    )
    active_pair.refresh_from_db()
    assert active_pair.state == "handed_over"
    following = active_pair.continued_by
    client.force_login(other)
    client.post(reverse("mentoring:accept", args=[following.pk]))
    client.force_login(senior)
    client.post(
        reverse("mentoring:end", args=[following.pk]),
        {"closing_word": "Merci pour tout", "thanks": "on"},
    )
    following.refresh_from_db()
    assert (following.state, following.thanked) == ("ended", True)


def test_a_conversation_between_the_pair_offers_i_am_uncomfortable(
    client, active_pair, mentor, senior, neighbourhood
):
    from messaging import services as messaging_services

    conversation = messaging_services.start_conversation(
        user=senior, other=mentor, neighbourhood=neighbourhood
    )
    client.force_login(senior)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert reverse("mentoring:uncomfortable", args=[active_pair.pk]) in page


def test_the_staff_withdraw_a_consent_and_lift_a_mark(
    client, animateur, minor, senior, neighbourhood
):
    import datetime as dt

    services.record_guardian_consent(
        by=animateur,
        member=minor,
        neighbourhood=neighbourhood,
        guardian_name="M. Durand",
        how="phone",
        given_on=dt.date(2026, 12, 1),
    )
    services.mark_needs_care(
        by=animateur, member=senior, neighbourhood=neighbourhood, note=""
    )
    client.force_login(animateur)
    slug = neighbourhood.slug
    page = client.get(reverse("mentoring:follow_up", args=[slug])).content.decode()
    assert reverse("mentoring:consent_withdraw", args=[slug]) in page
    client.post(
        reverse("mentoring:consent_withdraw", args=[slug]), {"member": minor.pk}
    )
    client.post(reverse("mentoring:care_lift", args=[slug]), {"member": senior.pk})
    assert minor.guardian_consents.get().withdrawn_at is not None
    assert senior.care_marks.get().lifted_at is not None
    assert (
        client.post(
            reverse("mentoring:care_lift", args=[slug]), {"member": "²"}
        ).status_code
        == 404
    )


def test_others_cannot_withdraw_a_consent(client, make_person, minor, neighbourhood):
    client.force_login(make_person("resident"))
    response = client.post(
        reverse("mentoring:consent_withdraw", args=[neighbourhood.slug]),
        {"member": minor.pk},
    )
    assert response.status_code == 403
