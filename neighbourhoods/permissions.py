"""Who may do what in a neighbourhood, decided here and nowhere else.

Every permission comes from the person's membership of the neighbourhood: its
role and its status. The same rules exist twice, once as Python for one
membership (`allows`) and once as a query filter (`membership_filter`) so that
selectors filter in the database; tests check that the two always agree.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import AssistanceConsent, Membership, Neighbourhood, Organisation


class Capability(StrEnum):
    SEE = "see"  # read the neighbourhood's listings, members and conversations
    POST = "post"  # publish a listing
    RESPOND = "respond"  # answer a listing
    MESSAGE = "message"  # write in a conversation
    MODERATE = "moderate"  # approve members, codes, reports, the desk
    COORDINATE = "coordinate"  # edit the neighbourhood, charter and roles


# Writing anything needs the current charter accepted.
NEEDS_CHARTER = {Capability.POST, Capability.RESPOND, Capability.MESSAGE}
STAFF_ROLES = (Membership.Role.MODERATOR, Membership.Role.COORDINATOR)


class NotAllowed(PermissionDenied):
    """Refused, with the reason in words the person can act on."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def active_filter(*, now=None) -> Q:
    """Members in good standing: active, or suspended with the suspension over."""
    return _active_q(now or timezone.now())


def _active_q(now) -> Q:
    """Active, or suspended with the suspension over."""
    return Q(status=Membership.Status.ACTIVE) | Q(
        status=Membership.Status.SUSPENDED, suspended_until__lte=now
    )


def _suspended_q(now) -> Q:
    return Q(status=Membership.Status.SUSPENDED, suspended_until__gt=now)


def membership_filter(capability: Capability, *, now=None) -> Q:
    """The memberships that grant `capability`, as a filter on Membership."""
    now = now or timezone.now()
    if capability == Capability.SEE:
        # Suspended members keep reading; they may not write.
        return _active_q(now) | _suspended_q(now)
    q = _active_q(now)
    if capability in NEEDS_CHARTER:
        q &= Q(charter_version_accepted__gte=F("neighbourhood__charter_version"))
    elif capability == Capability.MODERATE:
        q &= Q(role__in=STAFF_ROLES)
    elif capability == Capability.COORDINATE:
        q &= Q(role=Membership.Role.COORDINATOR)
    return q


def is_active(membership: Membership | None, *, now=None) -> bool:
    if membership is None:
        return False
    now = now or timezone.now()
    if membership.status == Membership.Status.ACTIVE:
        return True
    return (
        membership.status == Membership.Status.SUSPENDED
        and membership.suspended_until is not None
        and membership.suspended_until <= now
    )


def is_suspended(membership: Membership | None, *, now=None) -> bool:
    now = now or timezone.now()
    return (
        membership is not None
        and membership.status == Membership.Status.SUSPENDED
        and membership.suspended_until is not None
        and membership.suspended_until > now
    )


def charter_is_accepted(membership: Membership) -> bool:
    return (
        membership.charter_version_accepted >= membership.neighbourhood.charter_version
    )


def allows(membership: Membership | None, capability: Capability, *, now=None) -> bool:
    """Whether this membership grants `capability`: the rule of
    membership_filter, for one membership already in memory."""
    if capability == Capability.SEE:
        return is_active(membership, now=now) or is_suspended(membership, now=now)
    if not is_active(membership, now=now):
        return False
    if capability in NEEDS_CHARTER:
        return charter_is_accepted(membership)
    if capability == Capability.MODERATE:
        return membership.role in STAFF_ROLES
    if capability == Capability.COORDINATE:
        return membership.role == Membership.Role.COORDINATOR
    return True


def membership_of(user, neighbourhood: Neighbourhood) -> Membership | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("neighbourhood")
        .filter(user=user, neighbourhood=neighbourhood)
        .first()
    )


def memberships_allowing(user, capability: Capability) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(membership_filter(capability), user=user)


def neighbourhoods_allowing(user, capability: Capability) -> QuerySet[Neighbourhood]:
    """The neighbourhoods where `user` may do `capability`, as one query."""
    return Neighbourhood.objects.filter(
        pk__in=memberships_allowing(user, capability).values("neighbourhood_id")
    )


def neighbourhoods_shared(
    user, other, capability: Capability
) -> QuerySet[Neighbourhood]:
    """The neighbourhoods where `user` may do `capability` and `other` is a
    member (one who may see it), by name, as one query."""
    theirs = memberships_allowing(other, Capability.SEE).values("neighbourhood_id")
    return (
        neighbourhoods_allowing(user, capability).filter(pk__in=theirs).order_by("name")
    )


def can(user, capability: Capability, neighbourhood: Neighbourhood) -> bool:
    return allows(membership_of(user, neighbourhood), capability)


def refusal(membership: Membership | None, capability: Capability) -> str:
    """Why `membership` does not grant `capability`, said plainly."""
    if membership is None or membership.status in (
        Membership.Status.LEFT,
        Membership.Status.DECLINED,
    ):
        return _("You are not a member of this neighbourhood.")
    name = membership.neighbourhood.name
    if membership.status == Membership.Status.PENDING:
        return _(
            "Your request to join %(name)s is waiting for a moderator's approval."
        ) % {"name": name}
    if membership.status == Membership.Status.BANNED:
        return _("You are banned from %(name)s (reason: %(reason)s).") % {
            "name": name,
            "reason": membership.status_reason or _("not given"),
        }
    if is_suspended(membership):
        return _suspension(membership)
    if capability in NEEDS_CHARTER and not charter_is_accepted(membership):
        return _(
            "The charter of %(name)s has changed: read and accept it before you "
            "post or write again."
        ) % {"name": name}
    if capability == Capability.COORDINATE:
        return _("Only the coordinators of %(name)s can do this.") % {"name": name}
    return _("Only the moderators of %(name)s can do this.") % {"name": name}


def _suspension(membership: Membership) -> str:
    return _("You are suspended from %(name)s until %(date)s (reason: %(reason)s).") % {
        "name": membership.neighbourhood.name,
        "date": formats.date_format(
            timezone.localtime(membership.suspended_until), "DATETIME_FORMAT"
        ),
        "reason": membership.status_reason or _("not given"),
    }


def join_refusal(membership: Membership | None, *, now=None) -> tuple[str, str] | None:
    """Why this person may not ask to join (the words and a code), or None
    when they may: never a member, or gone (left, or declined) with no
    suspension still running. Leaving does not end a suspension."""
    if membership is None:
        return None
    if membership.status == Membership.Status.BANNED:
        return (
            _("You are banned from this neighbourhood: you cannot join it again."),
            "banned",
        )
    if membership.status == Membership.Status.PENDING:
        return (
            _("You have already asked to join: a moderator will answer soon."),
            "already_pending",
        )
    if membership.status not in (Membership.Status.LEFT, Membership.Status.DECLINED):
        return _("You are already a member of this neighbourhood."), "already_member"
    now = now or timezone.now()
    if membership.suspended_until and membership.suspended_until > now:
        return _suspension(membership), "suspended"
    return None


def check(user, capability: Capability, neighbourhood: Neighbourhood) -> Membership:
    """The membership granting `capability`, or NotAllowed saying why not.
    Services call this before they write."""
    membership = membership_of(user, neighbourhood)
    if not allows(membership, capability):
        raise NotAllowed(refusal(membership, capability))
    return membership


def live_consent(resident, neighbourhood: Neighbourhood) -> AssistanceConsent | None:
    return AssistanceConsent.objects.filter(
        resident=resident, neighbourhood=neighbourhood, withdrawn_at__isnull=True
    ).first()


def can_act_for(actor, resident, neighbourhood: Neighbourhood) -> bool:
    """A moderator may act for a resident of their neighbourhood who has given
    their consent and not withdrawn it."""
    if actor.pk == resident.pk or not can(actor, Capability.MODERATE, neighbourhood):
        return False
    return (
        allows(membership_of(resident, neighbourhood), Capability.SEE)
        and live_consent(resident, neighbourhood) is not None
    )


def check_act_for(actor, resident, neighbourhood: Neighbourhood) -> None:
    if not can_act_for(actor, resident, neighbourhood):
        if not can(actor, Capability.MODERATE, neighbourhood):
            raise NotAllowed(
                refusal(membership_of(actor, neighbourhood), Capability.MODERATE)
            )
        raise NotAllowed(
            _(
                "You cannot act for this person: they have not given their "
                "consent, or they have withdrawn it."
            )
        )


def check_sanction(moderator, membership: Membership) -> None:
    """A moderator may suspend or ban a resident or a volunteer; only a
    coordinator may sanction a moderator or a coordinator."""
    check(moderator, Capability.MODERATE, membership.neighbourhood)
    if membership.role in STAFF_ROLES and not can(
        moderator, Capability.COORDINATE, membership.neighbourhood
    ):
        raise NotAllowed(_("Only a coordinator can sanction a moderator."))


# Who may act on a listing and its answers. Listings belong to the exchanges
# app (above this one): the rules read only their people's ids.


def is_author(user, listing) -> bool:
    return user is not None and listing.author_id == user.pk


def standing_refusal(user, neighbourhood: Neighbourhood) -> str | None:
    """Why the person may no longer act in the neighbourhood, or None when
    they may: an active member (a suspension over counts). A member who left,
    was banned or is suspended acts on nothing, their own listings and
    exchanges included."""
    return standing_refusal_of(membership_of(user, neighbourhood))


def standing_refusal_of(membership: Membership | None) -> str | None:
    """standing_refusal for a membership already read in this request."""
    if is_active(membership):
        return None
    return refusal(membership, Capability.MESSAGE)


def check_standing(user, neighbourhood: Neighbourhood) -> None:
    """NotAllowed, saying why, unless the person may still act there now."""
    if (reason := standing_refusal(user, neighbourhood)) is not None:
        raise NotAllowed(reason)


def listing_author_in_standing() -> Exists:
    """For a query of listings: whether the author is an active member of the
    listing's neighbourhood now. A listing whose author is suspended, banned
    or gone takes no new answers (and takes them again when a suspension or
    ban is lifted: nothing is written, it is read)."""
    return Exists(
        Membership.objects.filter(
            active_filter(),
            user_id=OuterRef("author_id"),
            neighbourhood_id=OuterRef("neighbourhood_id"),
        )
    )


def check_author(user, listing, helped_by=None) -> None:
    """Only the author acts on their listing (edit, renew, close, accept or
    decline an answer), and only while in good standing in its neighbourhood;
    a helper at the desk acts for them with their consent."""
    if not is_author(user, listing):
        raise NotAllowed(_("Only the author of this listing can do this."))
    check_standing(user, listing.neighbourhood)
    if helped_by is not None:
        check_act_for(helped_by, user, listing.neighbourhood)


def check_exchange_party(user, listing, response, *, act: str, helped_by=None):
    """Only the two people of an exchange (the author and the person whose
    answer was taken) confirm it or thank each other."""
    if user.pk not in (listing.author_id, response.responder_id):
        if act == "thank":
            raise NotAllowed(_("Only the two people of this exchange can thank."))
        raise NotAllowed(_("Only the two people of this exchange can confirm it."))
    check_standing(user, listing.neighbourhood)
    if helped_by is not None:
        check_act_for(helped_by, user, listing.neighbourhood)


def check_responder(user, response) -> None:
    """Only the person who answered takes their answer back."""
    if response.responder_id != user.pk:
        raise NotAllowed(_("Only the person who answered can withdraw it."))
    check_standing(user, response.listing.neighbourhood)


# Setting up: the site's operators and the coordinators of an organisation.


def is_operator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_operator


def check_operator(user) -> None:
    """Only a site operator creates organisations."""
    if not is_operator(user):
        raise NotAllowed(_("Only the site's operators can do this."))


def coordinates_organisation(user, organisation) -> bool:
    """A coordinator of the organisation itself (not only of one of its
    neighbourhoods)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return organisation.coordinators.filter(user=user).exists()


def can_run_organisation(user, organisation) -> bool:
    """Edit the organisation's details and invite its coordinators: its own
    coordinators, and the operators who host it."""
    return is_operator(user) or coordinates_organisation(user, organisation)


def check_run_organisation(user, organisation) -> None:
    if not can_run_organisation(user, organisation):
        raise NotAllowed(
            _("Only the coordinators of %(name)s can do this.")
            % {"name": organisation.name}
        )


def check_create_neighbourhood(user, organisation) -> None:
    """Only a coordinator of the organisation creates its neighbourhoods (and
    becomes their first coordinator)."""
    if not coordinates_organisation(user, organisation):
        raise NotAllowed(
            _("Only the coordinators of %(name)s can create its neighbourhoods.")
            % {"name": organisation.name}
        )


def organisations_run_by(user):
    """The organisations `user` may run, as one query (every one for an
    operator)."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_operator:
        return Organisation.objects.all()
    return Organisation.objects.filter(coordinators__user=user)
