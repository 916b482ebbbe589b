"""Who may do what with the workshops, events and places of a neighbourhood,
decided here and nowhere else; services check these before they write and
selectors filter with them before they read.

Every rule comes from the person's membership of the neighbourhood
(neighbourhoods.permissions):

- see the agenda, the places and the approved workshops: who may see the
  neighbourhood (`Capability.SEE`);
- propose a workshop (approved later by a moderator): who may publish there;
- register for a session: members in good standing who may answer listings
  (active, charter accepted);
- create and approve workshops, edit places and events, see who often does not
  come: the neighbourhood's moderators and coordinators;
- edit a workshop, add, cancel or move its sessions, take the attendance and
  read the satisfaction answers: its organisers (while they may publish in the
  neighbourhood) and the moderators.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from neighbourhoods import permissions
from neighbourhoods.permissions import Capability, NotAllowed

from .models import Workshop


def may_manage(user, neighbourhood) -> bool:
    return permissions.can(user, Capability.MODERATE, neighbourhood)


def check_manage(user, neighbourhood) -> None:
    permissions.check(user, Capability.MODERATE, neighbourhood)


def may_see(user, neighbourhood) -> bool:
    return permissions.can(user, Capability.SEE, neighbourhood)


def check_see(user, neighbourhood) -> None:
    permissions.check(user, Capability.SEE, neighbourhood)


def check_propose(user, neighbourhood) -> None:
    permissions.check(user, Capability.POST, neighbourhood)


def may_organise(user, neighbourhood) -> bool:
    """Who may be chosen to run a workshop: members who may publish there."""
    return permissions.can(user, Capability.POST, neighbourhood)


def organisers_filter(neighbourhood) -> Q:
    """The rule of may_organise, as a filter on User: the members of
    `neighbourhood` who may publish there."""
    members = neighbourhood.memberships.filter(
        permissions.membership_filter(Capability.POST)
    ).values("user_id")
    return Q(pk__in=members)


def may_register(user, neighbourhood) -> bool:
    return permissions.can(user, Capability.RESPOND, neighbourhood)


def check_register(user, neighbourhood) -> None:
    permissions.check(user, Capability.RESPOND, neighbourhood)


def is_organiser(user, workshop: Workshop) -> bool:
    if not user.is_authenticated:
        return False
    return any(organiser.pk == user.pk for organiser in workshop.organisers.all())


def may_run(user, workshop: Workshop) -> bool:
    """Organisers who may still publish in the neighbourhood, and its
    moderators, run a workshop: its sessions, attendance and answers."""
    neighbourhood = workshop.neighbourhood
    if may_manage(user, neighbourhood):
        return True
    return is_organiser(user, workshop) and permissions.can(
        user, Capability.POST, neighbourhood
    )


def check_run(user, workshop: Workshop) -> None:
    if not may_run(user, workshop):
        raise NotAllowed(
            _("Only the organisers of this workshop and the moderators can do this.")
        )


def may_see_workshop(user, workshop: Workshop) -> bool:
    """An approved workshop is seen by the neighbourhood; a proposal only by
    whoever runs it and by who proposed it."""
    if not may_see(user, workshop.neighbourhood):
        return False
    if workshop.status == Workshop.Status.APPROVED:
        return True
    return workshop.proposed_by_id == user.pk or may_run(user, workshop)


def check_see_workshop(user, workshop: Workshop) -> None:
    if not may_see_workshop(user, workshop):
        raise NotAllowed(_("You cannot see this workshop."))


def workshops_filter(user) -> Q:
    """The workshops `user` may see, as a filter on Workshop: the rule of
    may_see_workshop, in the database."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    seen = permissions.neighbourhoods_allowing(user, Capability.SEE)
    managed = permissions.neighbourhoods_allowing(user, Capability.MODERATE)
    posting = permissions.neighbourhoods_allowing(user, Capability.POST)
    organised = Workshop.organisers.through.objects.filter(user=user).values(
        "workshop_id"
    )
    return Q(neighbourhood__in=seen) & (
        Q(status=Workshop.Status.APPROVED)
        | Q(proposed_by=user)
        | Q(neighbourhood__in=managed)
        | Q(pk__in=organised, neighbourhood__in=posting)
    )
