"""Reads for neighbourhoods. Each selector puts its permission rule in the query
(through neighbourhoods.permissions) or checks it first and raises NotAllowed."""

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from community import selectors as community_selectors
from community.models import Profile, User

from . import permissions
from .models import (
    AssistanceConsent,
    CoordinatorInvitation,
    InvitationCode,
    JournalEntry,
    Membership,
    Neighbourhood,
    Organisation,
)
from .permissions import Capability

HELP_ACTIONS = (
    JournalEntry.Action.ACCOUNT_CREATED,
    JournalEntry.Action.CONSENT_RECORDED,
    JournalEntry.Action.CONSENT_WITHDRAWN,
    JournalEntry.Action.ACTED_FOR,
)


def search_neighbourhoods(*, query: str = "") -> QuerySet[Neighbourhood]:
    """Anyone may find a neighbourhood by its name, its town's organisation or a
    postcode, and read its description and charter."""
    neighbourhoods = Neighbourhood.objects.select_related("organisation")
    query = query.strip()
    if query:
        neighbourhoods = neighbourhoods.filter(
            Q(name__icontains=query)
            | Q(postcodes__icontains=query)
            | Q(organisation__name__icontains=query)
        )
    return neighbourhoods.order_by("name")


def staff_ids(*, neighbourhood_id: int) -> frozenset[int]:
    """The moderators and coordinators of a neighbourhood now (the people
    marked "staff" next to their name). One query."""
    return frozenset(
        Membership.objects.filter(
            permissions.membership_filter(Capability.MODERATE),
            neighbourhood_id=neighbourhood_id,
        ).values_list("user_id", flat=True)
    )


def current_charter(*, neighbourhood: Neighbourhood):
    return neighbourhood.charters.filter(version=neighbourhood.charter_version).first()


def memberships_of(*, user: User) -> QuerySet[Membership]:
    """A person's neighbourhoods for their dashboard: every place they belong
    to, wait for, or were turned away from (with the reason), not those left."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .exclude(status=Membership.Status.LEFT)
        .select_related("neighbourhood", "neighbourhood__organisation")
        .order_by("neighbourhood__name")
    )


def memberships_with_pending_counts(*, user: User) -> QuerySet[Membership]:
    """memberships_of, each with `pending` = requests waiting in that
    neighbourhood, counted only where the person moderates."""
    moderated = permissions.neighbourhoods_allowing(user, Capability.MODERATE)
    return memberships_of(user=user).annotate(
        pending=Count(
            "neighbourhood__memberships",
            filter=Q(
                neighbourhood__memberships__status=Membership.Status.PENDING,
                neighbourhood__in=moderated,
            ),
        )
    )


def charter_to_accept(*, user: User) -> Neighbourhood | None:
    """A neighbourhood whose new charter this member has not accepted yet."""
    membership = (
        Membership.objects.filter(
            permissions.membership_filter(Capability.SEE),
            user=user,
            charter_version_accepted__lt=F("neighbourhood__charter_version"),
        )
        .select_related("neighbourhood")
        .first()
    )
    return membership.neighbourhood if membership else None


def pending_requests(
    *, moderator: User, neighbourhood: Neighbourhood
) -> QuerySet[Membership]:
    permissions.check(moderator, Capability.MODERATE, neighbourhood)
    return (
        Membership.objects.filter(
            neighbourhood=neighbourhood, status=Membership.Status.PENDING
        )
        .select_related("user__profile")
        .order_by("created_at")
    )


def members_of(*, viewer: User, neighbourhood: Neighbourhood) -> QuerySet[Membership]:
    """The people of a neighbourhood, for those who belong to it. Moderators also
    see suspended and banned members."""
    permissions.check(viewer, Capability.SEE, neighbourhood)
    members = Membership.objects.filter(neighbourhood=neighbourhood).select_related(
        "user__profile"
    )
    if permissions.can(viewer, Capability.MODERATE, neighbourhood):
        members = members.filter(
            status__in=[
                Membership.Status.ACTIVE,
                Membership.Status.SUSPENDED,
                Membership.Status.BANNED,
            ]
        )
    else:
        # A suspension is between the member and the moderators.
        members = members.filter(permissions.active_filter())
    return members.order_by("user__profile__pseudonym")


def invitation_codes_of(
    *, moderator: User, neighbourhood: Neighbourhood
) -> QuerySet[InvitationCode]:
    permissions.check(moderator, Capability.MODERATE, neighbourhood)
    return InvitationCode.objects.filter(neighbourhood=neighbourhood).select_related(
        "created_by__profile"
    )


def journal_of(
    *,
    moderator: User,
    neighbourhood: Neighbourhood,
    action: str = "",
    person: str = "",
    since=None,
    until=None,
):
    """The neighbourhood's journal for its moderators and coordinators, newest
    first, filtered by kind of act, by a person (who acted or on whom, by
    pseudonym) and by dates (both included)."""
    permissions.check(moderator, Capability.MODERATE, neighbourhood)
    entries = JournalEntry.objects.filter(neighbourhood=neighbourhood)
    if action:
        entries = entries.filter(action=action)
    if person:
        entries = entries.filter(
            Q(actor__profile__pseudonym__icontains=person)
            | Q(subject__profile__pseudonym__icontains=person)
        )
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    return entries.select_related("actor__profile", "subject__profile")


def help_history_of(*, user: User) -> QuerySet[JournalEntry]:
    """What was done for this person at the desk, listed in their own history."""
    return (
        JournalEntry.objects.filter(subject=user, action__in=HELP_ACTIONS)
        .select_related("actor__profile", "neighbourhood")
        .order_by("-created_at", "-pk")
    )


def consents_of(*, user: User) -> QuerySet[AssistanceConsent]:
    return (
        AssistanceConsent.objects.filter(resident=user, withdrawn_at__isnull=True)
        .select_related("neighbourhood", "recorded_by__profile")
        .order_by("neighbourhood__name")
    )


def residents_helped(
    *, moderator: User, neighbourhood: Neighbourhood
) -> QuerySet[AssistanceConsent]:
    """Residents of the neighbourhood who agreed to be helped at the desk."""
    permissions.check(moderator, Capability.MODERATE, neighbourhood)
    return (
        AssistanceConsent.objects.filter(
            neighbourhood=neighbourhood, withdrawn_at__isnull=True
        )
        .select_related("resident__profile", "recorded_by__profile")
        .order_by("resident__profile__pseudonym")
    )


def profiles_visible_to(*, viewer: User) -> QuerySet[Profile]:
    """A profile is seen by its owner, by the people who share a neighbourhood
    with its owner, and by the moderators of a neighbourhood its owner asked to
    join."""
    if not viewer.is_authenticated:
        return Profile.objects.none()
    shared = permissions.neighbourhoods_allowing(viewer, Capability.SEE)
    moderated = permissions.neighbourhoods_allowing(viewer, Capability.MODERATE)
    neighbours = Membership.objects.filter(
        permissions.membership_filter(Capability.SEE), neighbourhood__in=shared
    ).values("user_id")
    applicants = Membership.objects.filter(
        neighbourhood__in=moderated, status=Membership.Status.PENDING
    ).values("user_id")
    return community_selectors.with_keywords(
        Profile.objects.filter(
            Q(user=viewer) | Q(user__in=neighbours) | Q(user__in=applicants)
        ).select_related("user")
    )


# Messages between members, and at the desk


def neighbourhoods_to_write_in(*, user: User, other: User) -> QuerySet[Neighbourhood]:
    """The neighbourhoods where `user` may start a conversation with `other`:
    the rule of messaging.services.start_conversation (`user` may write there,
    `other` is still a member, nobody writes to themselves, blocked people
    never talk) in one query, for the "Write to" buttons of a profile."""
    if (
        not user.is_authenticated
        or user.pk == other.pk
        or community_selectors.is_blocked_between(one=user, other=other)
    ):
        return Neighbourhood.objects.none()
    return permissions.neighbourhoods_shared(user, other, Capability.MESSAGE)


# Setting up.


def organisations_for(*, user) -> QuerySet[Organisation]:
    """The organisations `user` runs (all of them for an operator), with their
    neighbourhoods."""
    return (
        permissions.organisations_run_by(user)
        .prefetch_related("neighbourhoods")
        .order_by("name")
    )


def organisation_for(*, user, pk: int) -> Organisation:
    """One organisation `user` runs; NotAllowed otherwise (Http404 when none)."""
    organisation = get_object_or_404(Organisation, pk=pk)
    permissions.check_run_organisation(user, organisation)
    return organisation


def organisation_page(*, user, organisation: Organisation) -> dict:
    """What the organisation's page shows to those who run it: its
    neighbourhoods, coordinators, invitations still open and its own journal."""
    permissions.check_run_organisation(user, organisation)
    return {
        "neighbourhoods": organisation.neighbourhoods.order_by("name"),
        "coordinators": organisation.coordinators.select_related(
            "user__profile"
        ).order_by("created_at"),
        "invitations": CoordinatorInvitation.objects.filter(
            organisation=organisation, accepted_at__isnull=True
        ).order_by("-created_at"),
        "journal": JournalEntry.objects.filter(
            organisation=organisation, neighbourhood__isnull=True
        ).select_related("actor__profile", "subject__profile")[:20],
        "can_create_neighbourhood": permissions.coordinates_organisation(
            user, organisation
        ),
    }


def setup_checklist(*, user, neighbourhood: Neighbourhood) -> list[dict] | None:
    """The steps left to open the neighbourhood, for its coordinators: None
    when every step is done or `user` does not coordinate it."""
    if not permissions.can(user, Capability.COORDINATE, neighbourhood):
        return None
    steps = [
        {
            "key": "charter",
            "done": neighbourhood.charter_version > 0,
            "url_name": "manage_edit",
        },
        {
            "key": "moderator",
            "done": neighbourhood.memberships.filter(
                permissions.active_filter(), role=Membership.Role.MODERATOR
            ).exists(),
            "url_name": "neighbourhood_members",
        },
        {
            "key": "code",
            "done": neighbourhood.invitation_codes.exists(),
            "url_name": "manage_codes",
        },
        {
            "key": "poster",
            "done": neighbourhood.poster_printed_at is not None,
            "url_name": "neighbourhood_poster",
        },
    ]
    if all(step["done"] for step in steps):
        return None
    return steps


def organisations_with_contacts() -> QuerySet[Organisation]:
    """Every organisation with a neighbourhood, for the privacy page and the
    legal notice: who answers for each neighbourhood, and how to reach them."""
    return (
        Organisation.objects.filter(neighbourhoods__isnull=False)
        .distinct()
        .prefetch_related("neighbourhoods")
        .order_by("name")
    )
