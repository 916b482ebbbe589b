"""The neighbourhood selectors: what each person may read, filtered in the query,
at a fixed number of queries whatever the number of members."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from neighbourhoods import selectors, services
from neighbourhoods.models import JournalEntry, Membership
from neighbourhoods.permissions import NotAllowed
from tests.factories import (
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ProfileFactory,
)
from tests.world import PERSONS

pytestmark = pytest.mark.django_db

MODERATORS = {"moderator", "coordinator"}
NOT_MODERATORS = [person for person in PERSONS if person not in MODERATORS]
# Those who may see the neighbourhood: active or suspended members of any role.
SEERS = {
    "resident",
    "volunteer",
    "suspended",
    "suspension_over",
    "moderator",
    "coordinator",
    "charter_not_accepted",
}


# Finding a neighbourhood.


@pytest.fixture
def places(db):
    lyon = OrganisationFactory(name="Centre social Quartiers Ouest")
    venissieux = OrganisationFactory(name="Maison de quartier des Minguettes")
    return {
        "croix_rousse": NeighbourhoodFactory(
            organisation=lyon, name="La Croix-Rousse", postcodes="69004 69001"
        ),
        "vaise": NeighbourhoodFactory(
            organisation=lyon, name="Vaise", postcodes="69009"
        ),
        "minguettes": NeighbourhoodFactory(
            organisation=venissieux, name="Les Minguettes", postcodes="69200"
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("croix", ["croix_rousse"]),
        ("  VAISE ", ["vaise"]),
        ("69001", ["croix_rousse"]),
        ("69004", ["croix_rousse"]),
        ("69200", ["minguettes"]),
        ("Quartiers Ouest", ["croix_rousse", "vaise"]),
        ("minguettes", ["minguettes"]),
        ("", ["croix_rousse", "minguettes", "vaise"]),
        ("Marseille", []),
    ],
)
def test_a_neighbourhood_is_found_by_name_postcode_or_organisation(
    query, expected, places
):
    found = list(selectors.search_neighbourhoods(query=query))
    assert found == [places[key] for key in expected]


def test_searching_costs_one_query(places, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = [
            n.organisation.name for n in selectors.search_neighbourhoods(query="69")
        ]
    assert len(names) == 3


# A person's own neighbourhoods.


def test_my_neighbourhoods_include_requests_and_refusals_but_not_those_left(
    neighbourhood, elsewhere
):
    user = ProfileFactory().user
    active = MembershipFactory(user=user, neighbourhood=neighbourhood)
    declined = MembershipFactory(
        user=user, neighbourhood=elsewhere, status="declined", status_reason="Complet"
    )
    MembershipFactory(user=user, status="left")
    pending = MembershipFactory(user=user, status="pending")
    assert set(selectors.memberships_of(user=user)) == {active, declined, pending}
    assert selectors.memberships_of(user=AnonymousUser()).count() == 0


def test_pending_requests_are_counted_only_where_the_person_moderates(
    neighbourhood, elsewhere
):
    user = ProfileFactory().user
    MembershipFactory(user=user, neighbourhood=neighbourhood, role="moderator")
    MembershipFactory(user=user, neighbourhood=elsewhere)
    for place in (neighbourhood, neighbourhood, elsewhere):
        MembershipFactory(neighbourhood=place, status="pending")
    MembershipFactory(neighbourhood=neighbourhood, status="declined")
    counts = {
        membership.neighbourhood: membership.pending
        for membership in selectors.memberships_with_pending_counts(user=user)
    }
    assert counts == {neighbourhood: 2, elsewhere: 0}


@pytest.mark.parametrize("person", PERSONS)
def test_the_charter_to_accept_is_asked_only_of_members_behind(
    person, make_person, neighbourhood, coordinator
):
    user = make_person(person)
    assert selectors.charter_to_accept(user=coordinator) is None
    expected = neighbourhood if person == "charter_not_accepted" else None
    if person != "visitor":
        assert selectors.charter_to_accept(user=user) == expected


@pytest.mark.parametrize("person", ["pending", "banned", "left", "declined"])
def test_people_outside_are_not_asked_to_accept_a_new_charter(
    person, make_person, neighbourhood, coordinator
):
    user = make_person(person)
    services.publish_charter(
        coordinator=coordinator, neighbourhood=neighbourhood, text="Version 3."
    )
    assert selectors.charter_to_accept(user=user) is None


# Lists only moderators read.

MODERATOR_LISTS = {
    "pending_requests": lambda user, place: selectors.pending_requests(
        moderator=user, neighbourhood=place
    ),
    "invitation_codes_of": lambda user, place: selectors.invitation_codes_of(
        moderator=user, neighbourhood=place
    ),
    "journal_of": lambda user, place: selectors.journal_of(
        moderator=user, neighbourhood=place
    ),
    "residents_helped": lambda user, place: selectors.residents_helped(
        moderator=user, neighbourhood=place
    ),
}


@pytest.mark.parametrize("person", NOT_MODERATORS)
@pytest.mark.parametrize("selector", MODERATOR_LISTS)
def test_moderator_lists_are_refused_to_everyone_else(
    selector, person, make_person, neighbourhood
):
    with pytest.raises(NotAllowed):
        MODERATOR_LISTS[selector](make_person(person), neighbourhood)


@pytest.fixture
def listed(neighbourhood, elsewhere):
    """A row of each moderator list, here and in a neighbourhood elsewhere."""
    for place in (neighbourhood, elsewhere):
        moderator = MembershipFactory(neighbourhood=place, role="moderator").user
        MembershipFactory(neighbourhood=place, status="pending")
        services.create_invitation_code(
            moderator=moderator, neighbourhood=place, max_uses=1, valid_days=1
        )
        services.record_consent(
            moderator=moderator,
            resident=MembershipFactory(neighbourhood=place).user,
            neighbourhood=place,
            purpose="Dossier CAF en ligne",
        )


@pytest.mark.parametrize("person", sorted(MODERATORS))
@pytest.mark.parametrize("selector", MODERATOR_LISTS)
def test_moderator_lists_are_open_to_moderators_and_coordinators(
    selector, person, make_person, neighbourhood, listed
):
    rows = list(MODERATOR_LISTS[selector](make_person(person), neighbourhood))
    assert rows
    assert {row.neighbourhood for row in rows} == {neighbourhood}


@pytest.mark.parametrize("person", sorted(set(PERSONS) - SEERS))
def test_the_member_list_is_refused_to_those_who_cannot_see(
    person, make_person, neighbourhood
):
    with pytest.raises(NotAllowed):
        selectors.members_of(viewer=make_person(person), neighbourhood=neighbourhood)


def test_pending_requests_are_this_neighbourhood_s_only_oldest_first(
    neighbourhood, elsewhere, moderator
):
    first = MembershipFactory(neighbourhood=neighbourhood, status="pending")
    second = MembershipFactory(neighbourhood=neighbourhood, status="pending")
    Membership.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    MembershipFactory(neighbourhood=elsewhere, status="pending")
    MembershipFactory(neighbourhood=neighbourhood, status="declined")
    MembershipFactory(neighbourhood=neighbourhood)
    requests = selectors.pending_requests(
        moderator=moderator, neighbourhood=neighbourhood
    )
    assert list(requests) == [first, second]


def test_codes_and_journal_are_this_neighbourhood_s_only(
    neighbourhood, elsewhere, moderator
):
    other_moderator = MembershipFactory(neighbourhood=elsewhere, role="moderator").user
    here = services.create_invitation_code(
        moderator=moderator, neighbourhood=neighbourhood, max_uses=1, valid_days=1
    )
    services.create_invitation_code(
        moderator=other_moderator, neighbourhood=elsewhere, max_uses=1, valid_days=1
    )
    assert list(
        selectors.invitation_codes_of(moderator=moderator, neighbourhood=neighbourhood)
    ) == [here]
    journal = selectors.journal_of(moderator=moderator, neighbourhood=neighbourhood)
    assert [(entry.action, entry.actor) for entry in journal] == [
        (JournalEntry.Action.CODE_CREATED, moderator)
    ]


def test_residents_helped_are_those_with_a_live_consent_here(
    neighbourhood, elsewhere, moderator
):
    helped = MembershipFactory(neighbourhood=neighbourhood).user
    withdrawn = MembershipFactory(neighbourhood=neighbourhood).user
    for resident in (helped, withdrawn):
        services.record_consent(
            moderator=moderator,
            resident=resident,
            neighbourhood=neighbourhood,
            purpose="Démarches",
        )
    services.withdraw_consent(resident=withdrawn, neighbourhood=neighbourhood)
    other_moderator = MembershipFactory(neighbourhood=elsewhere, role="moderator").user
    services.record_consent(
        moderator=other_moderator,
        resident=MembershipFactory(neighbourhood=elsewhere).user,
        neighbourhood=elsewhere,
        purpose="Démarches",
    )
    consents = selectors.residents_helped(
        moderator=moderator, neighbourhood=neighbourhood
    )
    assert [consent.resident for consent in consents] == [helped]


def test_the_help_history_lists_only_what_was_done_for_the_person(
    neighbourhood, moderator, coordinator
):
    resident = MembershipFactory(neighbourhood=neighbourhood)
    services.change_role(coordinator=coordinator, membership=resident, role="volunteer")
    services.record_consent(
        moderator=moderator,
        resident=resident.user,
        neighbourhood=neighbourhood,
        purpose="Démarches",
    )
    services.record_assisted_action(
        helper=moderator,
        resident=resident.user,
        neighbourhood=neighbourhood,
        what="journal.posted",
        params={"title": "Vélo"},
    )
    assert [
        entry.action for entry in selectors.help_history_of(user=resident.user)
    ] == [
        JournalEntry.Action.ACTED_FOR,
        JournalEntry.Action.CONSENT_RECORDED,
    ]


# Who appears in the member list.


@pytest.fixture
def everyone(make_person):
    return {person: make_person(person) for person in PERSONS}


def _listed(viewer, neighbourhood):
    return {
        membership.user
        for membership in selectors.members_of(
            viewer=viewer, neighbourhood=neighbourhood
        )
    }


@pytest.mark.parametrize("viewer", sorted(MODERATORS))
def test_moderators_see_suspended_and_banned_members_too(
    viewer, everyone, neighbourhood
):
    listed = _listed(everyone[viewer], neighbourhood)
    expected = SEERS | {"banned"}
    assert listed == {everyone[person] for person in expected}


@pytest.mark.parametrize("viewer", sorted(SEERS - MODERATORS))
def test_members_see_the_members_who_are_not_suspended_nor_banned(
    viewer, everyone, neighbourhood
):
    listed = _listed(everyone[viewer], neighbourhood)
    for person in ("resident", "volunteer", "moderator", "coordinator"):
        assert everyone[person] in listed
    assert everyone["suspension_over"] in listed
    assert everyone["charter_not_accepted"] in listed
    for person in ("pending", "banned", "left", "declined", "outsider"):
        assert everyone[person] not in listed


def test_members_do_not_see_who_is_suspended(everyone, neighbourhood):
    assert everyone["suspended"] not in _listed(everyone["resident"], neighbourhood)


# Whose profile a person sees.


def _profiles(viewer):
    return {profile.user for profile in selectors.profiles_visible_to(viewer=viewer)}


def test_a_member_sees_the_profiles_of_the_people_of_their_neighbourhood(
    everyone, neighbourhood, elsewhere
):
    stranger = MembershipFactory(neighbourhood=elsewhere).user
    seen = _profiles(everyone["resident"])
    for person in SEERS:
        assert everyone[person] in seen
    for person in ("pending", "banned", "left", "declined", "outsider"):
        assert everyone[person] not in seen
    assert everyone["moderator_elsewhere"] not in seen
    assert stranger not in seen


def test_a_person_without_a_neighbourhood_sees_only_their_own_profile(everyone):
    for person in ("outsider", "pending", "banned", "left", "declined"):
        assert _profiles(everyone[person]) == {everyone[person]}


def test_a_visitor_sees_no_profile(everyone):
    assert _profiles(AnonymousUser()) == set()


def test_a_moderator_sees_the_applicants_of_their_neighbourhood(
    everyone, neighbourhood
):
    assert everyone["pending"] in _profiles(everyone["moderator"])
    assert everyone["pending"] in _profiles(everyone["coordinator"])
    assert everyone["pending"] not in _profiles(everyone["resident"])
    assert everyone["pending"] not in _profiles(everyone["moderator_elsewhere"])
    assert everyone["declined"] not in _profiles(everyone["moderator"])


def test_sharing_a_second_neighbourhood_shows_its_people_too(
    everyone, neighbourhood, elsewhere
):
    viewer = everyone["resident"]
    stranger = MembershipFactory(neighbourhood=elsewhere).user
    MembershipFactory(user=viewer, neighbourhood=elsewhere)
    assert stranger in _profiles(viewer)


# Query budgets: the same number of queries for 3 members or 30.


@pytest.fixture
def crowd(neighbourhood):
    def make(count, **values):
        for _n in range(count):
            MembershipFactory(neighbourhood=neighbourhood, **values)

    return make


@pytest.mark.parametrize("size", [3, 30])
def test_the_member_list_costs_the_same_whatever_its_length(
    size, crowd, neighbourhood, moderator, make_person, django_assert_max_num_queries
):
    crowd(size)
    resident = make_person("resident")
    for viewer in (moderator, resident):
        with django_assert_max_num_queries(3):
            pseudonyms = [
                membership.user.profile.pseudonym
                for membership in selectors.members_of(
                    viewer=viewer, neighbourhood=neighbourhood
                )
            ]
        assert len(pseudonyms) == size + 2


@pytest.mark.parametrize("size", [3, 30])
def test_pending_requests_cost_the_same_whatever_their_number(
    size, crowd, neighbourhood, moderator, django_assert_max_num_queries
):
    crowd(size, status="pending")
    with django_assert_max_num_queries(2):
        pseudonyms = [
            membership.user.profile.pseudonym
            for membership in selectors.pending_requests(
                moderator=moderator, neighbourhood=neighbourhood
            )
        ]
    assert len(pseudonyms) == size


@pytest.mark.parametrize("size", [3, 30])
def test_the_journal_costs_the_same_whatever_its_length(
    size, crowd, neighbourhood, coordinator, django_assert_max_num_queries
):
    crowd(size, status="pending")
    for membership in Membership.objects.filter(status="pending"):
        services.decide_request(
            moderator=coordinator, membership=membership, approve=True
        )
    with django_assert_max_num_queries(2):
        lines = [
            (entry.actor.profile.pseudonym, entry.subject.profile.pseudonym)
            for entry in selectors.journal_of(
                moderator=coordinator, neighbourhood=neighbourhood
            )
        ]
    assert len(lines) == size


@pytest.mark.parametrize("size", [3, 30])
def test_visible_profiles_cost_the_same_whatever_their_number(
    size, crowd, make_person, django_assert_max_num_queries
):
    crowd(size)
    viewer = make_person("moderator")
    with django_assert_max_num_queries(3):
        cards = [
            (profile.pseudonym, profile.user.pk, profile.interest_labels())
            for profile in selectors.profiles_visible_to(viewer=viewer)
        ]
    assert len(cards) == size + 1
