import pytest
from django.contrib.auth.models import AnonymousUser

from community import selectors
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_visitors_see_no_profile_and_members_see_them_all():
    profiles = ProfileFactory.create_batch(3)
    assert selectors.profiles_visible_to(viewer=AnonymousUser()).count() == 0
    visible = selectors.profiles_visible_to(viewer=profiles[0].user)
    assert set(visible) == set(profiles)


def test_pseudonym_is_taken_ignores_case_and_the_person_asking():
    profile = ProfileFactory(pseudonym="Fatima")
    assert selectors.pseudonym_is_taken(pseudonym="fatima")
    assert not selectors.pseudonym_is_taken(
        pseudonym="fatima", exclude_user=profile.user
    )
    assert not selectors.pseudonym_is_taken(pseudonym="Fatou")


def test_suggested_tags_rank_the_words_neighbours_use_most():
    ProfileFactory(interests=["cuisine", "échecs"], skills=["tricot"])
    ProfileFactory(interests=["cuisine"], skills=["cuisine"])
    ProfileFactory(interests=["tricot"])
    assert selectors.suggested_tags(limit=2) == ["cuisine", "tricot"]
    assert selectors.suggested_tags()[-1] == "échecs"


def test_profile_list_costs_the_same_queries_whatever_its_length(
    django_assert_max_num_queries,
):
    viewer = ProfileFactory(interests=["a"], skills=["b"]).user
    with django_assert_max_num_queries(3):
        for profile in selectors.profiles_visible_to(viewer=viewer):
            list(profile.interests.all())
            list(profile.skills.all())
            profile.user.email  # noqa: B018
    ProfileFactory.create_batch(20, interests=["a", "c"], skills=["b"])
    with django_assert_max_num_queries(3):
        for profile in selectors.profiles_visible_to(viewer=viewer):
            list(profile.interests.all())
            list(profile.skills.all())
            profile.user.email  # noqa: B018
