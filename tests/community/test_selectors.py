import pytest

from community import selectors
from neighbourhoods.selectors import profiles_visible_to
from tests.factories import MembershipFactory, ProfileFactory

pytestmark = pytest.mark.django_db


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
    viewer = MembershipFactory().user
    neighbourhood = viewer.memberships.get().neighbourhood

    def read_all():
        for profile in profiles_visible_to(viewer=viewer):
            profile.interest_labels()
            profile.skill_labels()
            profile.user.email  # noqa: B018

    MembershipFactory.create_batch(2, neighbourhood=neighbourhood)
    with django_assert_max_num_queries(3):
        read_all()
    MembershipFactory.create_batch(20, neighbourhood=neighbourhood)
    with django_assert_max_num_queries(3):
        read_all()
