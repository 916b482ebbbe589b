"""The neighbourhood services: each checks its permission before it writes,
refuses bad input with a clear error, and then changes nothing at all."""

import datetime
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from community.models import Profile, User
from neighbourhoods import permissions, selectors, services
from neighbourhoods.models import (
    INVITATION_ALPHABET,
    INVITATION_LENGTH,
    AssistanceConsent,
    Charter,
    InvitationCode,
    JournalEntry,
    Membership,
    Neighbourhood,
)
from neighbourhoods.permissions import Capability, NotAllowed
from neighbourhoods.services import codes as code_services
from tests.factories import (
    MembershipFactory,
    NeighbourhoodFactory,
    ProfileFactory,
    UserFactory,
)
from tests.world import PERSONS

pytestmark = pytest.mark.django_db

WRITING = (Capability.POST, Capability.RESPOND, Capability.MESSAGE)


def make_code(neighbourhood, *, max_uses=10, valid_days=30, **changes):
    """An invitation code made by one of the neighbourhood's moderators."""
    moderator = MembershipFactory(neighbourhood=neighbourhood, role="moderator").user
    invitation = services.create_invitation_code(
        moderator=moderator,
        neighbourhood=neighbourhood,
        max_uses=max_uses,
        valid_days=valid_days,
    )
    if changes:
        InvitationCode.objects.filter(pk=invitation.pk).update(**changes)
        invitation.refresh_from_db()
    return invitation


def _new_person():
    return ProfileFactory().user


def journal_actions(neighbourhood):
    return list(
        JournalEntry.objects.filter(neighbourhood=neighbourhood)
        .order_by("pk")
        .values_list("action", flat=True)
    )


# Every action against the permission matrix.


@dataclass
class Scene:
    neighbourhood: Neighbourhood
    applicant: Membership
    target: Membership
    consenting: User
    invitation: InvitationCode


@pytest.fixture
def scene(neighbourhood, coordinator):
    """What moderators and coordinators act on: a pending request, a resident, a
    resident who consented to be helped, a paper code."""
    consenting = MembershipFactory(neighbourhood=neighbourhood).user
    services.record_consent(
        moderator=coordinator,
        resident=consenting,
        neighbourhood=neighbourhood,
        purpose="Dossier CAF en ligne",
    )
    return Scene(
        neighbourhood=neighbourhood,
        applicant=MembershipFactory(neighbourhood=neighbourhood, status="pending"),
        target=MembershipFactory(neighbourhood=neighbourhood),
        consenting=consenting,
        invitation=services.create_invitation_code(
            moderator=coordinator,
            neighbourhood=neighbourhood,
            max_uses=5,
            valid_days=10,
        ),
    )


ACTIONS = {
    "decide_request": (
        Capability.MODERATE,
        lambda actor, scene: services.decide_request(
            moderator=actor, membership=scene.applicant, approve=True
        ),
    ),
    "create_invitation_code": (
        Capability.MODERATE,
        lambda actor, scene: services.create_invitation_code(
            moderator=actor,
            neighbourhood=scene.neighbourhood,
            max_uses=3,
            valid_days=7,
        ),
    ),
    "revoke_invitation_code": (
        Capability.MODERATE,
        lambda actor, scene: services.revoke_invitation_code(
            moderator=actor, invitation=scene.invitation
        ),
    ),
    "create_desk_account": (
        Capability.MODERATE,
        lambda actor, scene: services.create_desk_account(
            moderator=actor,
            neighbourhood=scene.neighbourhood,
            pseudonym="Monique du 3e",
            charter_read_together=True,
            consent_purpose="Appels vidéo",
        ),
    ),
    "record_consent": (
        Capability.MODERATE,
        lambda actor, scene: services.record_consent(
            moderator=actor,
            resident=scene.target.user,
            neighbourhood=scene.neighbourhood,
            purpose="Démarches en ligne",
        ),
    ),
    "record_assisted_action": (
        Capability.MODERATE,
        lambda actor, scene: services.record_assisted_action(
            helper=actor,
            resident=scene.consenting,
            neighbourhood=scene.neighbourhood,
            what="journal.posted",
            params={"title": "Vélo"},
        ),
    ),
    "update_profile_for": (
        Capability.MODERATE,
        lambda actor, scene: services.update_profile_for(
            helper=actor,
            resident=scene.consenting,
            neighbourhood=scene.neighbourhood,
            pseudonym="Mme Lefèvre",
            portrait="Tricot et visio avec les petits-enfants.",
        ),
    ),
    "change_role": (
        Capability.COORDINATE,
        lambda actor, scene: services.change_role(
            coordinator=actor, membership=scene.target, role="volunteer"
        ),
    ),
    "update_neighbourhood": (
        Capability.COORDINATE,
        lambda actor, scene: services.update_neighbourhood(
            coordinator=actor,
            neighbourhood=scene.neighbourhood,
            description="Nouvelle description",
            postcodes="69004",
            join_policy="open",
        ),
    ),
    "publish_charter": (
        Capability.COORDINATE,
        lambda actor, scene: services.publish_charter(
            coordinator=actor,
            neighbourhood=scene.neighbourhood,
            text="Version 3 : on se respecte.",
        ),
    ),
}
ALLOWED = {
    Capability.MODERATE: {"moderator", "coordinator"},
    Capability.COORDINATE: {"coordinator"},
}


def _pairs(*, allowed):
    return [
        pytest.param(action, person, id=f"{action}-{person}")
        for action, (capability, _run) in ACTIONS.items()
        for person in PERSONS
        if (person in ALLOWED[capability]) is allowed
    ]


@pytest.mark.parametrize(("action", "person"), _pairs(allowed=False))
def test_an_action_refused_changes_nothing(action, person, make_person, scene, refused):
    actor = make_person(person)
    with refused(NotAllowed):
        ACTIONS[action][1](actor, scene)


@pytest.mark.parametrize(("action", "person"), _pairs(allowed=True))
def test_an_action_allowed_is_done_and_journaled(
    action, person, make_person, scene, snapshot
):
    actor = make_person(person)
    before = snapshot()
    ACTIONS[action][1](actor, scene)
    after = snapshot()
    assert after != before
    journal = "neighbourhoods.JournalEntry"
    assert len(after[journal]) > len(before[journal])
    assert all(entry["actor_id"] == actor.pk for entry in after[journal][-1:])


# Joining.


def test_an_open_neighbourhood_is_joined_at_once():
    neighbourhood = NeighbourhoodFactory(join_policy="open", charter_version=1)
    user = ProfileFactory().user
    membership = services.join_neighbourhood(
        user=user, neighbourhood=neighbourhood, accept_charter=True
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.role == Membership.Role.RESIDENT
    assert membership.joined_via == Membership.Via.OPEN
    assert membership.charter_version_accepted == 1
    assert membership.charter_accepted_at is not None
    assert permissions.can(user, Capability.POST, neighbourhood)


def test_a_neighbourhood_without_charter_is_joined_without_ticking_the_box():
    neighbourhood = NeighbourhoodFactory(join_policy="open", charter_version=0)
    membership = services.join_neighbourhood(
        user=ProfileFactory().user, neighbourhood=neighbourhood, accept_charter=False
    )
    assert membership.status == Membership.Status.ACTIVE
    assert membership.charter_accepted_at is None


def test_a_request_waits_for_approval_then_is_approved(neighbourhood, moderator):
    user = ProfileFactory().user
    membership = services.join_neighbourhood(
        user=user, neighbourhood=neighbourhood, accept_charter=True
    )
    assert membership.status == Membership.Status.PENDING
    assert membership.joined_via == Membership.Via.APPROVAL
    assert not permissions.can(user, Capability.SEE, neighbourhood)

    services.decide_request(moderator=moderator, membership=membership, approve=True)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.decided_by == moderator
    assert membership.decided_at is not None
    assert permissions.can(user, Capability.POST, neighbourhood)
    entry = JournalEntry.objects.get(action=JournalEntry.Action.MEMBER_APPROVED)
    assert (entry.neighbourhood, entry.actor, entry.subject) == (
        neighbourhood,
        moderator,
        user,
    )


def test_a_request_declined_keeps_the_message_for_the_person(neighbourhood, moderator):
    user = ProfileFactory().user
    membership = services.join_neighbourhood(
        user=user, neighbourhood=neighbourhood, accept_charter=True
    )
    services.decide_request(
        moderator=moderator,
        membership=membership,
        approve=False,
        message="  Ce quartier est réservé aux habitants du 4e.  ",
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.DECLINED
    assert membership.status_reason == "Ce quartier est réservé aux habitants du 4e."
    assert membership.decided_by == moderator
    assert not permissions.can(user, Capability.SEE, neighbourhood)
    entry = JournalEntry.objects.get(action=JournalEntry.Action.MEMBER_DECLINED)
    assert entry.subject == user
    assert entry.details == membership.status_reason
    assert selectors.memberships_of(user=user).get().status_reason == (
        membership.status_reason
    )


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda code: code, id="as-stored"),
        pytest.param(lambda code: f"{code[:4]}-{code[4:]}", id="with-a-dash"),
        pytest.param(lambda code: f"{code[:4]} {code[4:]}".lower(), id="lower-space"),
        pytest.param(lambda code: f"  {code[:4]}-{code[4:]} ".lower(), id="padded"),
    ],
)
@pytest.mark.parametrize("policy", ["approval", "code"])
def test_a_valid_code_skips_approval_and_counts_one_use(policy, typed):
    neighbourhood = NeighbourhoodFactory(join_policy=policy, charter_version=1)
    invitation = make_code(neighbourhood, max_uses=2)
    user = ProfileFactory().user
    membership = services.join_neighbourhood(
        user=user,
        neighbourhood=neighbourhood,
        accept_charter=True,
        code=typed(invitation.code),
    )
    membership.refresh_from_db()
    invitation.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.joined_via == Membership.Via.CODE
    assert membership.invitation == invitation
    assert invitation.uses == 1


def test_the_display_code_typed_from_paper_works(neighbourhood):
    invitation = make_code(neighbourhood)
    services.join_neighbourhood(
        user=ProfileFactory().user,
        neighbourhood=neighbourhood,
        accept_charter=True,
        code=invitation.display_code.lower(),
    )
    invitation.refresh_from_db()
    assert invitation.uses == 1


def test_the_last_use_of_a_code_can_be_taken_then_no_more(neighbourhood, refused):
    invitation = make_code(neighbourhood, max_uses=1)
    services.join_neighbourhood(
        user=ProfileFactory().user,
        neighbourhood=neighbourhood,
        accept_charter=True,
        code=invitation.code,
    )
    late = ProfileFactory().user
    with refused(ValidationError) as caught:
        services.join_neighbourhood(
            user=late,
            neighbourhood=neighbourhood,
            accept_charter=True,
            code=invitation.code,
        )
    assert "code" in caught.value.error_dict
    invitation.refresh_from_db()
    assert invitation.uses == invitation.max_uses == 1


@pytest.mark.parametrize("status", ["left", "declined"])
def test_a_person_who_left_or_was_declined_can_ask_again(status, neighbourhood):
    old = MembershipFactory(
        neighbourhood=neighbourhood,
        status=status,
        role="moderator",
        status_reason="Ancien motif",
        charter_version_accepted=0,
    )
    membership = services.join_neighbourhood(
        user=old.user, neighbourhood=neighbourhood, accept_charter=True
    )
    membership.refresh_from_db()
    assert membership.pk == old.pk
    assert membership.status == Membership.Status.PENDING
    assert membership.role == Membership.Role.RESIDENT
    assert membership.status_reason == ""
    assert membership.charter_version_accepted == neighbourhood.charter_version


def test_a_person_who_left_an_open_neighbourhood_joins_again_at_once():
    neighbourhood = NeighbourhoodFactory(join_policy="open")
    user = MembershipFactory(neighbourhood=neighbourhood).user
    services.leave_neighbourhood(user=user, neighbourhood=neighbourhood)
    assert not permissions.can(user, Capability.SEE, neighbourhood)
    services.join_neighbourhood(
        user=user, neighbourhood=neighbourhood, accept_charter=True
    )
    assert permissions.can(user, Capability.POST, neighbourhood)
    assert Membership.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    ("person", "code"),
    [
        ("resident", "already_member"),
        ("moderator", "already_member"),
        ("suspended", "already_member"),
        ("charter_not_accepted", "already_member"),
        ("pending", "already_pending"),
        ("banned", "banned"),
    ],
)
def test_joining_again_is_refused_with_the_reason(
    person, code, make_person, neighbourhood, refused
):
    user = make_person(person)
    invitation = make_code(neighbourhood)
    for typed in ("", invitation.code):
        with refused(ValidationError, code=code):
            services.join_neighbourhood(
                user=user, neighbourhood=neighbourhood, accept_charter=True, code=typed
            )


def test_joining_without_accepting_the_charter_is_refused(neighbourhood, refused):
    invitation = make_code(neighbourhood)
    for typed in ("", invitation.code):
        user = _new_person()
        with refused(ValidationError, fields={"accept_charter"}):
            services.join_neighbourhood(
                user=user,
                neighbourhood=neighbourhood,
                accept_charter=False,
                code=typed,
            )


def test_a_code_only_neighbourhood_needs_a_code(refused):
    neighbourhood = NeighbourhoodFactory(join_policy="code")
    user = _new_person()
    for typed in ("", "   "):
        with refused(ValidationError, fields={"code"}):
            services.join_neighbourhood(
                user=user, neighbourhood=neighbourhood, accept_charter=True, code=typed
            )


def _expired(neighbourhood):
    return make_code(
        neighbourhood, expires_at=timezone.now() - datetime.timedelta(minutes=1)
    ).code


def _used_up(neighbourhood):
    return make_code(neighbourhood, max_uses=2, uses=2).code


def _withdrawn(neighbourhood):
    invitation = make_code(neighbourhood)
    services.revoke_invitation_code(
        moderator=invitation.created_by, invitation=invitation
    )
    return invitation.code


BAD_CODES = {
    "unknown": lambda neighbourhood: "CDEF-GHJK",
    "ambiguous-letters": lambda neighbourhood: "OIL0-1258",
    "only-a-dash": lambda neighbourhood: "-",
    "expired": _expired,
    "used-up": _used_up,
    "withdrawn": _withdrawn,
}
BAD_CODE_ERRORS = {
    "unknown": "unknown_code",
    "ambiguous-letters": "unknown_code",
    "only-a-dash": "unknown_code",
    "expired": "unusable_code",
    "used-up": "unusable_code",
    "withdrawn": "unusable_code",
}


@pytest.mark.parametrize("case", BAD_CODES)
@pytest.mark.parametrize("policy", ["approval", "code", "open"])
def test_a_code_that_cannot_be_used_is_refused_and_nothing_changes(
    case, policy, refused
):
    neighbourhood = NeighbourhoodFactory(join_policy=policy)
    code = BAD_CODES[case](neighbourhood)
    user = _new_person()
    with refused(ValidationError) as caught:
        services.join_neighbourhood(
            user=user, neighbourhood=neighbourhood, accept_charter=True, code=code
        )
    assert [error.code for error in caught.value.error_dict["code"]] == [
        BAD_CODE_ERRORS[case]
    ]


def test_a_code_of_another_neighbourhood_is_refused_naming_it(
    neighbourhood, elsewhere, refused
):
    invitation = make_code(elsewhere)
    user = _new_person()
    with refused(ValidationError) as caught:
        services.join_neighbourhood(
            user=user,
            neighbourhood=neighbourhood,
            accept_charter=True,
            code=invitation.code,
        )
    (message,) = caught.value.error_dict["code"][0].messages
    assert elsewhere.name in message


def _code_required_case():
    return NeighbourhoodFactory(join_policy="code"), "", True


def _charter_case():
    return NeighbourhoodFactory(charter_version=1), "", False


def _unknown_case():
    return NeighbourhoodFactory(), "CDEFGHJK", True


def _other_case():
    return NeighbourhoodFactory(), make_code(NeighbourhoodFactory()).code, True


def _expired_case():
    neighbourhood = NeighbourhoodFactory()
    return neighbourhood, _expired(neighbourhood), True


@pytest.mark.parametrize(
    ("make_case", "field", "code"),
    [
        pytest.param(_code_required_case, "code", "code_required", id="code_required"),
        pytest.param(_charter_case, "accept_charter", "charter_not_accepted", id="ch"),
        pytest.param(_unknown_case, "code", "unknown_code", id="unknown_code"),
        pytest.param(_other_case, "code", "other_neighbourhood", id="other"),
        pytest.param(_expired_case, "code", "unusable_code", id="unusable_code"),
    ],
)
def test_a_refused_join_carries_its_error_code(make_case, field, code):
    neighbourhood, typed, accept = make_case()
    with pytest.raises(ValidationError) as caught:
        services.join_neighbourhood(
            user=_new_person(),
            neighbourhood=neighbourhood,
            accept_charter=accept,
            code=typed,
        )
    assert caught.value.error_dict[field][0].code == code


def test_invitation_for_code_shows_the_neighbourhood_of_a_usable_code(neighbourhood):
    invitation = make_code(neighbourhood)
    found = services.invitation_for_code(invitation.display_code.lower())
    assert found == invitation
    assert found.neighbourhood == neighbourhood


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("unknown", "unknown_code"),
        ("expired", "unusable_code"),
        ("used-up", "unusable_code"),
        ("withdrawn", "unusable_code"),
    ],
)
def test_invitation_for_code_refuses_a_code_that_cannot_be_used(
    case, code, neighbourhood
):
    typed = BAD_CODES[case](neighbourhood)
    with pytest.raises(ValidationError) as caught:
        services.invitation_for_code(typed)
    assert [error.code for error in caught.value.error_dict["code"]] == [code]


# Suspension, leaving.


def test_a_suspended_member_cannot_lift_the_suspension_by_leaving_and_rejoining():
    neighbourhood = NeighbourhoodFactory(join_policy="open")
    membership = MembershipFactory(
        neighbourhood=neighbourhood,
        status="suspended",
        suspended_until=timezone.now() + datetime.timedelta(days=7),
        status_reason="Messages insistants",
    )
    user = membership.user
    try:
        services.leave_neighbourhood(user=user, neighbourhood=neighbourhood)
        services.join_neighbourhood(
            user=user, neighbourhood=neighbourhood, accept_charter=True
        )
    except ValidationError:
        pass  # Refusing either step keeps the suspension: that is fine.
    assert not permissions.can(user, Capability.POST, neighbourhood)


@pytest.mark.parametrize("person", ["resident", "pending", "moderator"])
def test_leaving_ends_access_at_once(person, make_person, neighbourhood):
    user = make_person(person)
    membership = services.leave_neighbourhood(user=user, neighbourhood=neighbourhood)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT
    assert membership.role == Membership.Role.RESIDENT
    for capability in Capability:
        assert not permissions.can(user, capability, neighbourhood)


@pytest.mark.parametrize(
    "person", ["outsider", "left", "declined", "banned", "moderator_elsewhere"]
)
def test_leaving_a_neighbourhood_one_is_not_in_is_refused(
    person, make_person, neighbourhood, refused
):
    user = make_person(person)
    with refused(ValidationError, code="not_member"):
        services.leave_neighbourhood(user=user, neighbourhood=neighbourhood)


def test_the_last_coordinator_cannot_leave(neighbourhood, coordinator, refused):
    with refused(ValidationError, code="last_coordinator"):
        services.leave_neighbourhood(user=coordinator, neighbourhood=neighbourhood)


def test_a_coordinator_may_leave_once_another_one_is_appointed(
    neighbourhood, coordinator, make_person
):
    make_person("coordinator")
    services.leave_neighbourhood(user=coordinator, neighbourhood=neighbourhood)
    assert not permissions.can(coordinator, Capability.SEE, neighbourhood)


def test_a_suspended_coordinator_does_not_count_as_the_other_coordinator(
    neighbourhood, coordinator, refused
):
    MembershipFactory(
        neighbourhood=neighbourhood,
        role="coordinator",
        status="suspended",
        suspended_until=timezone.now() + datetime.timedelta(days=1),
    )
    with refused(ValidationError, code="last_coordinator"):
        services.leave_neighbourhood(user=coordinator, neighbourhood=neighbourhood)


# Roles.


@pytest.mark.parametrize("role", ["volunteer", "moderator", "coordinator"])
def test_a_coordinator_appoints_a_role_and_it_is_journaled(
    role, neighbourhood, coordinator
):
    target = MembershipFactory(neighbourhood=neighbourhood)
    services.change_role(coordinator=coordinator, membership=target, role=role)
    target.refresh_from_db()
    assert target.role == role
    entry = JournalEntry.objects.get(action=JournalEntry.Action.ROLE_CHANGED)
    assert (entry.actor, entry.subject) == (coordinator, target.user)


def test_giving_the_same_role_again_changes_nothing(
    neighbourhood, coordinator, snapshot
):
    target = MembershipFactory(neighbourhood=neighbourhood, role="moderator")
    before = snapshot()
    services.change_role(coordinator=coordinator, membership=target, role="moderator")
    assert snapshot() == before


@pytest.mark.parametrize("role", ["moderator", "volunteer", "resident"])
def test_the_last_coordinator_cannot_step_down(
    role, neighbourhood, coordinator, refused
):
    membership = Membership.objects.get(user=coordinator)
    with refused(ValidationError, code="last_coordinator"):
        services.change_role(coordinator=coordinator, membership=membership, role=role)


def test_a_coordinator_steps_down_once_another_is_appointed(neighbourhood, coordinator):
    other = MembershipFactory(neighbourhood=neighbourhood)
    services.change_role(coordinator=coordinator, membership=other, role="coordinator")
    services.change_role(
        coordinator=coordinator,
        membership=Membership.objects.get(user=coordinator),
        role="moderator",
    )
    assert not permissions.can(coordinator, Capability.COORDINATE, neighbourhood)
    assert permissions.can(other.user, Capability.COORDINATE, neighbourhood)


def test_an_unknown_role_is_refused(neighbourhood, coordinator, refused):
    target = MembershipFactory(neighbourhood=neighbourhood)
    with refused(ValidationError, fields={"role"}):
        services.change_role(coordinator=coordinator, membership=target, role="king")


@pytest.mark.parametrize("person", ["pending", "suspended", "banned", "left"])
def test_only_active_members_are_given_a_role(
    person, make_person, neighbourhood, coordinator, refused
):
    target = Membership.objects.get(user=make_person(person))
    with refused(ValidationError, code="not_active"):
        services.change_role(
            coordinator=coordinator, membership=target, role="moderator"
        )


def test_a_coordinator_cannot_change_a_role_in_another_neighbourhood(
    coordinator, elsewhere, refused
):
    target = MembershipFactory(neighbourhood=elsewhere)
    with refused(NotAllowed):
        services.change_role(
            coordinator=coordinator, membership=target, role="coordinator"
        )


# Invitation codes.


def test_generated_codes_use_the_unambiguous_alphabet_and_are_unique(
    neighbourhood, moderator
):
    codes = [
        services.create_invitation_code(
            moderator=moderator, neighbourhood=neighbourhood, max_uses=1, valid_days=1
        ).code
        for _n in range(40)
    ]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == INVITATION_LENGTH
        assert set(code) <= set(INVITATION_ALPHABET)


def test_a_generated_code_never_repeats_an_existing_one(
    neighbourhood, moderator, monkeypatch
):
    taken = make_code(neighbourhood)
    letters = iter(taken.code + INVITATION_ALPHABET[-1] * INVITATION_LENGTH)
    monkeypatch.setattr(code_services.secrets, "choice", lambda alphabet: next(letters))
    fresh = services.create_invitation_code(
        moderator=moderator, neighbourhood=neighbourhood, max_uses=1, valid_days=1
    )
    assert fresh.code == INVITATION_ALPHABET[-1] * INVITATION_LENGTH
    assert fresh.code != taken.code


def test_the_alphabet_leaves_out_characters_read_one_for_another():
    assert not set("0O1IL2Z5S8B") & set(INVITATION_ALPHABET)
    assert len(set(INVITATION_ALPHABET)) == len(INVITATION_ALPHABET)


def test_a_code_is_shown_in_two_groups_of_four():
    assert InvitationCode(code="ABCDEFGH").display_code == "ABCD-EFGH"
    assert str(InvitationCode(code="ACDEFGHJ")) == "ACDE-FGHJ"


def test_a_new_code_has_its_uses_and_end_date_and_is_journaled(
    neighbourhood, moderator
):
    invitation = services.create_invitation_code(
        moderator=moderator, neighbourhood=neighbourhood, max_uses=12, valid_days=30
    )
    invitation.refresh_from_db()
    assert invitation.max_uses == 12
    assert invitation.uses == 0
    assert invitation.created_by == moderator
    expected_end = timezone.now() + datetime.timedelta(days=30)
    assert abs(invitation.expires_at - expected_end) < datetime.timedelta(minutes=1)
    assert invitation.is_usable()
    entry = JournalEntry.objects.get(action=JournalEntry.Action.CODE_CREATED)
    assert invitation.display_code in entry.details


@pytest.mark.parametrize(
    ("max_uses", "valid_days", "fields"),
    [
        (0, 30, {"max_uses"}),
        (501, 30, {"max_uses"}),
        (-1, 30, {"max_uses"}),
        (10, 0, {"valid_days"}),
        (10, 366, {"valid_days"}),
        (0, 0, {"max_uses", "valid_days"}),
    ],
)
def test_a_code_outside_the_limits_is_refused(
    max_uses, valid_days, fields, neighbourhood, moderator, refused
):
    with refused(ValidationError) as caught:
        services.create_invitation_code(
            moderator=moderator,
            neighbourhood=neighbourhood,
            max_uses=max_uses,
            valid_days=valid_days,
        )
    assert set(caught.value.error_dict) == fields


@pytest.mark.parametrize(("max_uses", "valid_days"), [(1, 1), (500, 365)])
def test_a_code_at_the_limits_is_accepted(
    max_uses, valid_days, neighbourhood, moderator
):
    invitation = services.create_invitation_code(
        moderator=moderator,
        neighbourhood=neighbourhood,
        max_uses=max_uses,
        valid_days=valid_days,
    )
    assert invitation.max_uses == max_uses


def test_a_code_withdrawn_twice_is_journaled_once(neighbourhood, moderator):
    invitation = make_code(neighbourhood)
    services.revoke_invitation_code(moderator=moderator, invitation=invitation)
    first_revocation = InvitationCode.objects.get(pk=invitation.pk).revoked_at
    services.revoke_invitation_code(moderator=moderator, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at == first_revocation
    assert not invitation.is_usable()
    assert journal_actions(neighbourhood).count(JournalEntry.Action.CODE_REVOKED) == 1


# Requests.


@pytest.mark.parametrize(
    "person", ["resident", "suspended", "banned", "left", "declined"]
)
@pytest.mark.parametrize("approve", [True, False])
def test_only_a_pending_request_is_decided(
    person, approve, make_person, neighbourhood, moderator, refused
):
    membership = Membership.objects.get(user=make_person(person))
    with refused(ValidationError, code="not_pending"):
        services.decide_request(
            moderator=moderator, membership=membership, approve=approve
        )


# The neighbourhood and its charter.


def test_a_coordinator_edits_the_neighbourhood(neighbourhood, coordinator):
    services.update_neighbourhood(
        coordinator=coordinator,
        neighbourhood=neighbourhood,
        description="  Pentes et plateau.  ",
        postcodes=" 69004, 69001  69009",
        join_policy="code",
    )
    neighbourhood.refresh_from_db()
    assert neighbourhood.description == "Pentes et plateau."
    assert neighbourhood.postcodes == "69004 69001 69009"
    assert neighbourhood.join_policy == "code"
    assert (
        journal_actions(neighbourhood)[-1] == JournalEntry.Action.NEIGHBOURHOOD_EDITED
    )


def test_an_unknown_join_policy_is_refused(neighbourhood, coordinator, refused):
    with refused(ValidationError) as caught:
        services.update_neighbourhood(
            coordinator=coordinator,
            neighbourhood=Neighbourhood.objects.get(pk=neighbourhood.pk),
            description="x",
            postcodes="69004",
            join_policy="everyone",
        )
    assert "join_policy" in caught.value.error_dict


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_charter_is_refused(text, neighbourhood, coordinator, refused):
    with refused(ValidationError, fields={"text"}):
        services.publish_charter(
            coordinator=coordinator, neighbourhood=neighbourhood, text=text
        )


def test_a_new_charter_must_be_accepted_before_writing_again(
    neighbourhood, coordinator, make_person
):
    members = {
        person: make_person(person)
        for person in ("resident", "volunteer", "moderator", "suspension_over")
    }
    charter = services.publish_charter(
        coordinator=coordinator, neighbourhood=neighbourhood, text="  Version 3.  "
    )
    neighbourhood.refresh_from_db()
    assert charter.version == neighbourhood.charter_version == 3
    assert charter.text == "Version 3."
    assert charter.written_by == coordinator
    assert selectors.current_charter(neighbourhood=neighbourhood) == charter
    assert Charter.objects.filter(neighbourhood=neighbourhood).count() == 3
    assert journal_actions(neighbourhood)[-1] == (JournalEntry.Action.CHARTER_PUBLISHED)

    # Its author accepted it by writing it.
    for capability in WRITING:
        assert permissions.can(coordinator, capability, neighbourhood)
    assert selectors.charter_to_accept(user=coordinator) is None

    for user in members.values():
        assert selectors.charter_to_accept(user=user) == neighbourhood
        assert permissions.can(user, Capability.SEE, neighbourhood)
        for capability in WRITING:
            assert not permissions.can(user, capability, neighbourhood)
            assert not permissions.neighbourhoods_allowing(user, capability).exists()
        with pytest.raises(NotAllowed):
            permissions.check(user, Capability.POST, neighbourhood)

        membership = services.accept_charter(user=user, neighbourhood=neighbourhood)

        assert membership.charter_version_accepted == 3
        assert membership.charter_accepted_at is not None
        assert selectors.charter_to_accept(user=user) is None
        for capability in WRITING:
            assert permissions.can(user, capability, neighbourhood)


def test_moderating_does_not_wait_for_the_new_charter(
    neighbourhood, coordinator, moderator
):
    services.publish_charter(
        coordinator=coordinator, neighbourhood=neighbourhood, text="Version 3."
    )
    assert permissions.can(moderator, Capability.MODERATE, neighbourhood)
    assert not permissions.can(moderator, Capability.POST, neighbourhood)


def test_a_suspended_member_may_accept_the_charter_but_still_not_write(
    neighbourhood, coordinator, make_person
):
    user = make_person("suspended")
    services.publish_charter(
        coordinator=coordinator, neighbourhood=neighbourhood, text="Version 3."
    )
    assert selectors.charter_to_accept(user=user) == neighbourhood
    neighbourhood.refresh_from_db()
    services.accept_charter(user=user, neighbourhood=neighbourhood)
    assert selectors.charter_to_accept(user=user) is None
    assert not permissions.can(user, Capability.POST, neighbourhood)


@pytest.mark.parametrize(
    "person", ["outsider", "pending", "banned", "left", "declined"]
)
def test_only_members_accept_the_charter(person, make_person, neighbourhood, refused):
    user = make_person(person)
    with refused(NotAllowed):
        services.accept_charter(user=user, neighbourhood=neighbourhood)


def test_accepting_the_charter_records_the_version_in_force(
    neighbourhood, coordinator, make_person
):
    user = make_person("resident")
    services.publish_charter(
        coordinator=coordinator, neighbourhood=neighbourhood, text="Version 3."
    )
    services.accept_charter(user=user, neighbourhood=neighbourhood)
    assert permissions.can(user, Capability.POST, neighbourhood)


# Accounts made at the desk.


def _desk_account(moderator, neighbourhood, **values):
    values = {
        "pseudonym": "Monique du 3e",
        "charter_read_together": True,
        **values,
    }
    return services.create_desk_account(
        moderator=moderator, neighbourhood=neighbourhood, **values
    )


def test_a_desk_account_logs_in_with_its_login_and_one_time_password(
    neighbourhood, moderator
):
    account = _desk_account(moderator, neighbourhood)
    request = RequestFactory().post("/accounts/login/")
    assert (
        authenticate(
            request, username=account.login, password=account.one_time_password
        )
        == account.user
    )
    assert account.user.check_password(account.one_time_password)
    assert account.user.must_change_password
    assert account.user.email is None
    assert account.user.username == account.login
    assert account.user.profile.pseudonym == "Monique du 3e"
    assert not EmailAddress.objects.filter(user=account.user).exists()


def test_a_desk_account_is_an_active_member_at_once(neighbourhood, moderator):
    account = _desk_account(moderator, neighbourhood)
    membership = Membership.objects.get(user=account.user)
    assert membership.neighbourhood == neighbourhood
    assert membership.status == Membership.Status.ACTIVE
    assert membership.role == Membership.Role.RESIDENT
    assert membership.joined_via == Membership.Via.DESK
    assert membership.decided_by == moderator
    assert membership.charter_version_accepted == neighbourhood.charter_version
    for capability in (Capability.SEE, *WRITING):
        assert permissions.can(account.user, capability, neighbourhood)
    entry = JournalEntry.objects.get(action=JournalEntry.Action.ACCOUNT_CREATED)
    assert (entry.actor, entry.subject) == (moderator, account.user)
    assert not AssistanceConsent.objects.exists()


def test_a_desk_account_with_an_e_mail_logs_in_with_it_too(neighbourhood, moderator):
    account = _desk_account(moderator, neighbourhood, email=" Monique@Example.org ")
    assert account.user.email == "monique@example.org"
    address = EmailAddress.objects.get(user=account.user)
    assert address.verified
    assert address.primary
    request = RequestFactory().post("/accounts/login/")
    assert (
        authenticate(
            request, email="monique@example.org", password=account.one_time_password
        )
        == account.user
    )


def test_desk_accounts_without_e_mail_do_not_clash(neighbourhood, moderator):
    first = _desk_account(moderator, neighbourhood, pseudonym="Monique")
    second = _desk_account(moderator, neighbourhood, pseudonym="Monique B")
    assert first.login != second.login
    assert first.one_time_password != second.one_time_password


def test_a_desk_account_with_a_purpose_records_the_consent(neighbourhood, moderator):
    account = _desk_account(
        moderator, neighbourhood, consent_purpose="  Appels vidéo avec ses petits  "
    )
    consent = AssistanceConsent.objects.get(resident=account.user)
    assert consent.neighbourhood == neighbourhood
    assert consent.purpose == "Appels vidéo avec ses petits"
    assert consent.recorded_by == moderator
    assert permissions.can_act_for(moderator, account.user, neighbourhood)
    assert [entry.action for entry in selectors.help_history_of(user=account.user)] == [
        JournalEntry.Action.CONSENT_RECORDED,
        JournalEntry.Action.ACCOUNT_CREATED,
    ]


def test_a_desk_account_with_a_taken_e_mail_is_refused(
    neighbourhood, moderator, refused
):
    UserFactory(email="monique@example.org")
    with refused(ValidationError, fields={"email"}):
        _desk_account(moderator, neighbourhood, email="MONIQUE@example.org")


def test_a_desk_account_with_a_taken_pseudonym_is_refused(
    neighbourhood, moderator, refused
):
    ProfileFactory(pseudonym="Monique")
    with refused(ValidationError, fields={"pseudonym"}):
        _desk_account(
            moderator,
            neighbourhood,
            pseudonym="monique",
            email="new@example.org",
            consent_purpose="Appels vidéo",
        )


def test_a_desk_account_reports_every_mistake_at_once(
    neighbourhood, moderator, refused
):
    UserFactory(email="monique@example.org")
    ProfileFactory(pseudonym="Monique")
    with refused(ValidationError) as caught:
        _desk_account(
            moderator,
            neighbourhood,
            pseudonym="MONIQUE",
            email="monique@example.org",
            charter_read_together=False,
        )
    assert set(caught.value.error_dict) == {
        "pseudonym",
        "email",
        "charter_read_together",
    }
    assert caught.value.error_dict["pseudonym"][0].code == "taken"


def test_a_desk_account_needs_the_charter_read_together(
    neighbourhood, moderator, refused
):
    with refused(ValidationError, fields={"charter_read_together"}):
        _desk_account(moderator, neighbourhood, charter_read_together=False)


def test_a_desk_account_in_a_neighbourhood_without_charter_needs_no_reading(
    elsewhere,
):
    moderator = MembershipFactory(neighbourhood=elsewhere, role="moderator").user
    account = _desk_account(moderator, elsewhere, charter_read_together=False)
    assert Membership.objects.get(user=account.user).status == "active"


def test_a_desk_account_refused_leaves_no_user_nor_profile(
    neighbourhood, moderator, refused
):
    with refused(ValidationError):
        _desk_account(moderator, neighbourhood, pseudonym="x")


# Consent and help given at the desk.


def test_a_consent_is_recorded_and_journaled(neighbourhood, moderator, resident):
    consent = services.record_consent(
        moderator=moderator,
        resident=resident,
        neighbourhood=neighbourhood,
        purpose="  Dossier CAF  ",
    )
    assert consent.purpose == "Dossier CAF"
    assert consent.withdrawn_at is None
    assert permissions.can_act_for(moderator, resident, neighbourhood)
    assert list(selectors.consents_of(user=resident)) == [consent]
    entry = JournalEntry.objects.get(action=JournalEntry.Action.CONSENT_RECORDED)
    assert (entry.actor, entry.subject, entry.details) == (
        moderator,
        resident,
        "Dossier CAF",
    )


def test_a_consent_is_not_recorded_twice(neighbourhood, moderator, resident, refused):
    services.record_consent(
        moderator=moderator, resident=resident, neighbourhood=neighbourhood, purpose="A"
    )
    with refused(ValidationError, code="already_consented"):
        services.record_consent(
            moderator=moderator,
            resident=resident,
            neighbourhood=neighbourhood,
            purpose="B",
        )


def test_a_consent_needs_a_purpose(neighbourhood, moderator, resident, refused):
    with refused(ValidationError, fields={"purpose"}):
        services.record_consent(
            moderator=moderator,
            resident=resident,
            neighbourhood=neighbourhood,
            purpose="   ",
        )


@pytest.mark.parametrize(
    "person", ["outsider", "pending", "banned", "left", "declined"]
)
def test_a_consent_is_only_recorded_for_a_member(
    person, make_person, neighbourhood, moderator, refused
):
    user = make_person(person)
    with refused(ValidationError, code="not_member"):
        services.record_consent(
            moderator=moderator, resident=user, neighbourhood=neighbourhood, purpose="A"
        )


def test_a_consent_can_be_given_again_after_it_was_withdrawn(
    neighbourhood, moderator, resident
):
    services.record_consent(
        moderator=moderator, resident=resident, neighbourhood=neighbourhood, purpose="A"
    )
    services.withdraw_consent(resident=resident, neighbourhood=neighbourhood)
    services.record_consent(
        moderator=moderator, resident=resident, neighbourhood=neighbourhood, purpose="B"
    )
    assert AssistanceConsent.objects.filter(resident=resident).count() == 2
    assert permissions.can_act_for(moderator, resident, neighbourhood)


def test_withdrawing_the_consent_ends_acting_for_at_once(
    neighbourhood, moderator, resident, refused
):
    services.record_consent(
        moderator=moderator, resident=resident, neighbourhood=neighbourhood, purpose="A"
    )
    services.withdraw_consent(resident=resident, neighbourhood=neighbourhood)

    assert not permissions.can_act_for(moderator, resident, neighbourhood)
    assert not selectors.consents_of(user=resident).exists()
    entry = JournalEntry.objects.get(action=JournalEntry.Action.CONSENT_WITHDRAWN)
    assert (entry.actor, entry.subject) == (resident, resident)
    with refused(NotAllowed):
        services.record_assisted_action(
            helper=moderator,
            resident=resident,
            neighbourhood=neighbourhood,
            what="journal.posted",
            params={"title": "Vélo"},
        )


def test_there_is_nothing_to_withdraw_without_a_consent(
    neighbourhood, resident, refused
):
    with refused(ValidationError, code="no_consent"):
        services.withdraw_consent(resident=resident, neighbourhood=neighbourhood)


def test_acting_for_someone_who_never_consented_is_refused(
    neighbourhood, moderator, resident, refused
):
    with refused(NotAllowed):
        services.record_assisted_action(
            helper=moderator,
            resident=resident,
            neighbourhood=neighbourhood,
            what="journal.posted",
            params={"title": "Vélo"},
        )


def test_an_assisted_action_is_in_the_resident_s_help_history(
    neighbourhood, moderator, resident
):
    services.record_consent(
        moderator=moderator, resident=resident, neighbourhood=neighbourhood, purpose="A"
    )
    entry = services.record_assisted_action(
        helper=moderator,
        resident=resident,
        neighbourhood=neighbourhood,
        what="journal.posted",
        params={"title": "Demande d'aide"},
    )
    assert entry.action == JournalEntry.Action.ACTED_FOR
    assert (entry.actor, entry.subject, entry.neighbourhood) == (
        moderator,
        resident,
        neighbourhood,
    )
    assert entry.details == "a publié «\xa0Demande d'aide\xa0»"
    history = list(selectors.help_history_of(user=resident))
    assert history[0] == entry
    assert entry in selectors.journal_of(
        moderator=moderator, neighbourhood=neighbourhood
    )
    assert entry not in selectors.help_history_of(user=moderator)


def test_a_moderator_fills_in_the_profile_of_a_consenting_resident(
    neighbourhood, moderator, resident
):
    services.record_consent(
        moderator=moderator, resident=resident, neighbourhood=neighbourhood, purpose="A"
    )
    services.update_profile_for(
        helper=moderator,
        resident=resident,
        neighbourhood=neighbourhood,
        pseudonym="Mme Lefèvre",
        portrait="Tricot.",
        interests=["tricot"],
    )
    profile = Profile.objects.get(user=resident)
    assert profile.pseudonym == "Mme Lefèvre"
    assert list(profile.interests.names()) == ["tricot"]
    entry = selectors.help_history_of(user=resident).first()
    assert entry.action == JournalEntry.Action.ACTED_FOR
    assert entry.actor == moderator


def test_filling_in_a_profile_without_consent_is_refused(
    neighbourhood, moderator, resident, refused
):
    with refused(NotAllowed):
        services.update_profile_for(
            helper=moderator,
            resident=resident,
            neighbourhood=neighbourhood,
            pseudonym="Mme Lefèvre",
        )


def test_a_profile_filled_in_with_a_taken_pseudonym_changes_nothing(
    neighbourhood, moderator, resident, refused
):
    services.record_consent(
        moderator=moderator, resident=resident, neighbourhood=neighbourhood, purpose="A"
    )
    ProfileFactory(pseudonym="Mme Lefèvre")
    with refused(ValidationError) as caught:
        services.update_profile_for(
            helper=moderator,
            resident=resident,
            neighbourhood=neighbourhood,
            pseudonym="mme lefèvre",
        )
    assert caught.value.error_dict["pseudonym"][0].code == "taken"
