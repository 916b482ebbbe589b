"""The permission matrix: who may do what in a neighbourhood, decided in Python
(`allows`, `can`, `check`) and in the database (`membership_filter`,
`memberships_allowing`, `neighbourhoods_allowing`), which must always agree."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone, translation

from neighbourhoods import permissions, services
from neighbourhoods.models import AssistanceConsent, Membership
from neighbourhoods.permissions import Capability, NotAllowed
from tests.factories import MembershipFactory, ProfileFactory
from tests.world import BAN_REASON, PERSONS, SUSPENSION_REASON

pytestmark = pytest.mark.django_db

SEE = Capability.SEE
POST = Capability.POST
RESPOND = Capability.RESPOND
MESSAGE = Capability.MESSAGE
MODERATE = Capability.MODERATE
COORDINATE = Capability.COORDINATE

# Who may do what in the neighbourhood, written out in full.
EXPECTED = {
    "visitor": set(),
    "outsider": set(),
    "pending": set(),
    "resident": {SEE, POST, RESPOND, MESSAGE},
    "volunteer": {SEE, POST, RESPOND, MESSAGE},
    "suspended": {SEE},
    "suspension_over": {SEE, POST, RESPOND, MESSAGE},
    "banned": set(),
    "left": set(),
    "declined": set(),
    "moderator_elsewhere": set(),
    "moderator": {SEE, POST, RESPOND, MESSAGE, MODERATE},
    "coordinator": {SEE, POST, RESPOND, MESSAGE, MODERATE, COORDINATE},
    "charter_not_accepted": {SEE},
    "coordinator_sister": set(),
    "coordinator_elsewhere": set(),
}

MATRIX = [
    pytest.param(person, capability, id=f"{person}-{capability}")
    for person in EXPECTED
    for capability in Capability
]


def test_the_table_covers_every_person_and_capability():
    assert set(EXPECTED) == set(PERSONS)
    assert set(Capability) == {SEE, POST, RESPOND, MESSAGE, MODERATE, COORDINATE}


@pytest.mark.parametrize(("person", "capability"), MATRIX)
def test_python_and_database_rules_agree_with_the_table(
    person, capability, make_person, neighbourhood
):
    user = make_person(person)
    allowed = capability in EXPECTED[person]
    membership = permissions.membership_of(user, neighbourhood)

    assert permissions.allows(membership, capability) is allowed
    assert permissions.can(user, capability, neighbourhood) is allowed
    in_query = (
        membership is not None
        and Membership.objects.filter(
            permissions.membership_filter(capability), pk=membership.pk
        ).exists()
    )
    assert in_query is allowed
    assert (
        permissions.memberships_allowing(user, capability)
        .filter(neighbourhood=neighbourhood)
        .exists()
        is allowed
    )
    assert (
        permissions.neighbourhoods_allowing(user, capability)
        .filter(pk=neighbourhood.pk)
        .exists()
        is allowed
    )


@pytest.mark.parametrize(("person", "capability"), MATRIX)
def test_check_returns_the_membership_or_refuses_with_the_refusal(
    person, capability, make_person, neighbourhood
):
    user = make_person(person)
    membership = permissions.membership_of(user, neighbourhood)
    if capability in EXPECTED[person]:
        assert permissions.check(user, capability, neighbourhood) == membership
    else:
        with pytest.raises(NotAllowed) as caught:
            permissions.check(user, capability, neighbourhood)
        assert caught.value.message == permissions.refusal(membership, capability)
        assert str(caught.value) == caught.value.message


def test_a_refusal_is_a_permission_denied_so_views_answer_403():
    assert issubclass(NotAllowed, PermissionDenied)


def test_a_moderator_elsewhere_moderates_there_and_nowhere_else(
    make_person, neighbourhood, elsewhere
):
    user = make_person("moderator_elsewhere")
    assert permissions.can(user, MODERATE, elsewhere)
    assert list(permissions.neighbourhoods_allowing(user, MODERATE)) == [elsewhere]
    assert not permissions.can(user, SEE, neighbourhood)


def test_the_query_side_lists_exactly_the_neighbourhoods_of_each_role(
    neighbourhood, elsewhere
):
    user = ProfileFactory().user
    MembershipFactory(user=user, neighbourhood=neighbourhood, role="coordinator")
    MembershipFactory(user=user, neighbourhood=elsewhere, role="resident")
    assert set(permissions.neighbourhoods_allowing(user, SEE)) == {
        neighbourhood,
        elsewhere,
    }
    assert set(permissions.neighbourhoods_allowing(user, POST)) == {
        neighbourhood,
        elsewhere,
    }
    assert set(permissions.neighbourhoods_allowing(user, MODERATE)) == {neighbourhood}
    assert set(permissions.neighbourhoods_allowing(user, COORDINATE)) == {neighbourhood}


@pytest.mark.parametrize("capability", [POST, RESPOND, MESSAGE])
def test_a_suspension_ends_at_its_date_in_python_and_in_the_query(
    capability, make_person, neighbourhood
):
    user = make_person("suspended")
    membership = permissions.membership_of(user, neighbourhood)
    before = membership.suspended_until - datetime.timedelta(seconds=1)
    after = membership.suspended_until + datetime.timedelta(seconds=1)
    in_query = Membership.objects.filter(pk=membership.pk)

    assert not permissions.allows(membership, capability, now=before)
    assert not in_query.filter(
        permissions.membership_filter(capability, now=before)
    ).exists()
    assert permissions.allows(membership, capability, now=after)
    assert in_query.filter(
        permissions.membership_filter(capability, now=after)
    ).exists()


@pytest.mark.parametrize("capability", [POST, RESPOND, MESSAGE])
def test_a_member_who_accepted_a_later_charter_than_required_may_write(
    capability, neighbourhood
):
    membership = MembershipFactory(
        neighbourhood=neighbourhood,
        charter_version_accepted=neighbourhood.charter_version + 1,
    )
    assert permissions.allows(membership, capability)
    assert permissions.memberships_allowing(membership.user, capability).exists()


# Refusals, said plainly.


def test_a_suspended_member_is_told_why_and_until_when(make_person, neighbourhood):
    membership = permissions.membership_of(make_person("suspended"), neighbourhood)
    message = permissions.refusal(membership, POST)
    local_end = timezone.localtime(membership.suspended_until)
    assert SUSPENSION_REASON in message
    assert formats.date_format(local_end, "DATETIME_FORMAT") in message
    assert str(local_end.year) in message
    assert neighbourhood.name in message


def test_a_suspended_member_with_no_reason_is_still_told_until_when(neighbourhood):
    until = timezone.now() + datetime.timedelta(days=3)
    membership = MembershipFactory(
        neighbourhood=neighbourhood, status="suspended", suspended_until=until
    )
    with translation.override("en"):
        message = permissions.refusal(membership, MESSAGE)
        end = formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")
    assert end in message
    assert "not given" in message


def test_a_banned_member_is_told_why(make_person, neighbourhood):
    membership = permissions.membership_of(make_person("banned"), neighbourhood)
    message = permissions.refusal(membership, SEE)
    assert BAN_REASON in message
    assert neighbourhood.name in message
    with translation.override("en"):
        assert "banned" in permissions.refusal(membership, SEE)


def test_a_pending_member_is_told_they_wait_for_approval(make_person, neighbourhood):
    membership = permissions.membership_of(make_person("pending"), neighbourhood)
    with translation.override("en"):
        message = permissions.refusal(membership, SEE)
    assert "waiting" in message
    assert neighbourhood.name in message


@pytest.mark.parametrize("capability", [POST, RESPOND, MESSAGE])
def test_a_member_who_has_not_accepted_the_new_charter_is_told_so(
    capability, make_person, neighbourhood
):
    membership = permissions.membership_of(
        make_person("charter_not_accepted"), neighbourhood
    )
    with translation.override("en"):
        message = permissions.refusal(membership, capability)
    assert "charter" in message
    assert "accept" in message


@pytest.mark.parametrize("person", ["outsider", "left", "declined"])
def test_people_outside_are_told_they_are_not_members(
    person, make_person, neighbourhood
):
    membership = permissions.membership_of(make_person(person), neighbourhood)
    with translation.override("en"):
        message = permissions.refusal(membership, SEE)
    assert "not a member" in message


@pytest.mark.parametrize(
    ("capability", "who"), [(MODERATE, "moderators"), (COORDINATE, "coordinators")]
)
def test_a_resident_is_told_who_can_moderate_or_coordinate(
    capability, who, make_person, neighbourhood
):
    membership = permissions.membership_of(make_person("resident"), neighbourhood)
    with translation.override("en"):
        message = permissions.refusal(membership, capability)
    assert who in message


def test_every_situation_gets_a_refusal_of_its_own(make_person, neighbourhood):
    messages = {
        person: permissions.refusal(
            permissions.membership_of(make_person(person), neighbourhood), POST
        )
        for person in ("outsider", "pending", "suspended", "banned")
    }
    messages["charter_not_accepted"] = permissions.refusal(
        permissions.membership_of(make_person("charter_not_accepted"), neighbourhood),
        POST,
    )
    assert len(set(messages.values())) == len(messages)


# Acting for a resident.


@pytest.fixture
def consenting(neighbourhood, moderator):
    """A resident who agreed at the desk that moderators act for them."""
    resident = MembershipFactory(neighbourhood=neighbourhood).user
    services.record_consent(
        moderator=moderator,
        resident=resident,
        neighbourhood=neighbourhood,
        purpose="Dossier CAF en ligne",
    )
    return resident


@pytest.mark.parametrize("person", PERSONS)
def test_only_moderators_and_coordinators_may_act_for_a_consenting_resident(
    person, make_person, neighbourhood, consenting
):
    actor = make_person(person)
    allowed = person in ("moderator", "coordinator")
    assert permissions.can_act_for(actor, consenting, neighbourhood) is allowed
    if allowed:
        permissions.check_act_for(actor, consenting, neighbourhood)
    else:
        with pytest.raises(NotAllowed):
            permissions.check_act_for(actor, consenting, neighbourhood)


def test_a_moderator_cannot_act_for_a_resident_who_has_not_consented(
    neighbourhood, moderator
):
    resident = MembershipFactory(neighbourhood=neighbourhood).user
    assert not permissions.can_act_for(moderator, resident, neighbourhood)
    with pytest.raises(NotAllowed):
        permissions.check_act_for(moderator, resident, neighbourhood)


def test_a_consent_withdrawn_ends_acting_for_at_once(
    neighbourhood, moderator, consenting
):
    services.withdraw_consent(resident=consenting, neighbourhood=neighbourhood)
    assert not permissions.can_act_for(moderator, consenting, neighbourhood)


def test_a_consent_given_in_one_neighbourhood_does_not_count_in_another(
    neighbourhood, elsewhere, consenting
):
    MembershipFactory(user=consenting, neighbourhood=elsewhere)
    other_moderator = MembershipFactory(neighbourhood=elsewhere, role="moderator").user
    assert not permissions.can_act_for(other_moderator, consenting, elsewhere)


def test_a_moderator_does_not_act_for_themselves(neighbourhood, moderator):
    AssistanceConsent.objects.create(
        resident=moderator, neighbourhood=neighbourhood, purpose="Essai"
    )
    assert not permissions.can_act_for(moderator, moderator, neighbourhood)


@pytest.mark.parametrize("status", ["banned", "left"])
def test_no_one_acts_for_a_resident_who_was_banned_or_left(
    status, neighbourhood, moderator, consenting
):
    Membership.objects.filter(user=consenting).update(status=status)
    assert not permissions.can_act_for(moderator, consenting, neighbourhood)


def test_no_one_acts_for_a_former_resident_who_only_asked_to_join_again(
    neighbourhood, moderator, consenting
):
    services.leave_neighbourhood(user=consenting, neighbourhood=neighbourhood)
    membership = services.join_neighbourhood(
        user=consenting, neighbourhood=neighbourhood, accept_charter=True
    )
    assert membership.status == Membership.Status.PENDING
    assert not permissions.can_act_for(moderator, consenting, neighbourhood)


@pytest.mark.parametrize("person", PERSONS)
def test_only_the_desk_gives_a_consenting_resident_a_new_password(
    person, make_person, neighbourhood, consenting, refused
):
    actor = make_person(person)
    before = consenting.password
    if person not in ("moderator", "coordinator"):
        with refused(NotAllowed):
            services.reset_desk_password(
                moderator=actor, resident=consenting, neighbourhood=neighbourhood
            )
        consenting.refresh_from_db()
        assert consenting.password == before
        return
    sheet = services.reset_desk_password(
        moderator=actor, resident=consenting, neighbourhood=neighbourhood
    )
    consenting.refresh_from_db()
    assert consenting.check_password(sheet.one_time_password)
    assert consenting.must_change_password
    entry = neighbourhood.journal.get(subject=consenting, action="acted_for")
    assert entry.actor == actor


def test_no_new_password_without_the_resident_s_consent(
    neighbourhood, moderator, refused
):
    resident = MembershipFactory(neighbourhood=neighbourhood).user
    with refused(NotAllowed):
        services.reset_desk_password(
            moderator=moderator, resident=resident, neighbourhood=neighbourhood
        )
