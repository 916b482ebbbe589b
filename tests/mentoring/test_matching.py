"""Matching for mentoring: the age group a member shares for suggestions
only (a consent apart from showing it), the proposal made from a suggestion,
and why it fits, said to both sides."""

import pytest
from django.urls import reverse

from community import services as community_services
from exchanges import selectors as exchange_selectors
from exchanges import services as exchange_services
from exchanges.models import Category, Listing
from mentoring.models import Pair
from notifications.models import Notification

pytestmark = pytest.mark.django_db

BETWEEN = "a meeting between generations"


@pytest.fixture
def request_for_help(senior, neighbourhood, settings):
    settings.LANGUAGE_CODE = "en"
    return exchange_services.create_listing(
        author=senior,
        neighbourhood=neighbourhood,
        kind=Listing.Kind.REQUEST,
        title="Apprendre les appels vidéo",
        category=Category.objects.get(neighbourhood=None, key="mentoring"),
        tags=["visio"],
    )


def share(user, *, age_group, for_matching, shown=False):
    profile = user.profile
    community_services.update_profile(
        user=user,
        pseudonym=profile.pseudonym,
        skills=list(profile.skills.names()),
        interests=list(profile.interests.names()),
        languages=["fr", "ar"],
        age_group=age_group,
        show_age_group=shown,
        age_group_for_matching=for_matching,
    )


def reasons_for(user):
    return [
        [str(reason) for reason in fit.reasons]
        for _listing, fit in exchange_selectors.for_you(user=user)
    ]


@pytest.mark.parametrize("for_matching", [True, False])
def test_a_private_age_group_helps_only_when_shared_for_matching(
    request_for_help, senior, mentor, for_matching
):
    share(senior, age_group="60_plus", for_matching=for_matching)
    mentor.profile.skills.add("visio")
    share(mentor, age_group="18_25", for_matching=True)
    (reasons,) = reasons_for(mentor)
    assert (BETWEEN in reasons) == for_matching
    senior.profile.refresh_from_db()
    assert not senior.profile.show_age_group


def test_no_age_group_no_consent_kept(senior):
    share(senior, age_group="", for_matching=True)
    senior.profile.refresh_from_db()
    assert senior.profile.age_group_for_matching is False


def test_a_suggestion_becomes_a_proposal_that_says_why(
    client, request_for_help, senior, mentor, committed
):
    share(senior, age_group="60_plus", for_matching=True)
    mentor.profile.skills.add("visio")
    share(mentor, age_group="18_25", for_matching=True)
    client.force_login(mentor)
    url = reverse("mentoring:propose", args=[senior.profile.pk])
    page = client.get(url, {"listing": request_for_help.pk, "role": "mentor"})
    text = page.content.decode()
    assert "Apprendre les appels vidéo" in text
    assert "generations" in text or "générations" in text
    with committed():
        client.post(
            url,
            {
                "role": "mentor",
                "purpose": "Apprendre les appels vidéo",
                "neighbourhood": request_for_help.neighbourhood.pk,
                "listing": request_for_help.pk,
            },
        )
    pair = Pair.objects.get()
    assert (pair.mentor, pair.mentee) == (mentor, senior)
    told = Notification.objects.get(user=senior, key=f"pair:{pair.pk}:proposed")
    assert "générations" in told.text or "generations" in told.text


def test_the_for_you_card_of_a_mentoring_request_offers_a_pair(
    client, request_for_help, senior, mentor
):
    mentor.profile.skills.add("visio")
    client.force_login(mentor)
    page = client.get(reverse("for_you")).content.decode()
    assert reverse("mentoring:propose", args=[senior.profile.pk]) in page
