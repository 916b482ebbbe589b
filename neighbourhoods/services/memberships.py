"""Memberships: joining (openly, on approval or with a code), the moderators'
answer to a request, leaving, roles, and the sanctions a moderation decision
sets. The last coordinator of a neighbourhood is never let go."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import User
from community.services import field_error
from notifications import services as notification_services
from notifications import texts
from notifications.models import Notification
from realtime import events

from .. import departures, permissions
from ..models import (
    MAX_SUSPENSION_DAYS,
    AssistanceConsent,
    JournalEntry,
    Membership,
    Neighbourhood,
)
from ..permissions import Capability
from .codes import use_code
from .journal import write_journal


@transaction.atomic
def join_neighbourhood(
    *,
    user: User,
    neighbourhood: Neighbourhood,
    accept_charter: bool,
    code: str = "",
) -> Membership:
    """Ask to join, accepting the charter. With a valid code, or in an open
    neighbourhood, the person is a member at once; otherwise the request waits
    for a moderator (who sees it in the pending list).

    Raises ValidationError (nothing changed) when already a member or waiting,
    when banned, when the charter is not accepted, or when the code is wrong.
    """
    neighbourhood = Neighbourhood.objects.select_for_update().get(pk=neighbourhood.pk)
    membership = Membership.objects.filter(
        user=user, neighbourhood=neighbourhood
    ).first()
    refused = permissions.join_refusal(membership)
    if refused is not None:
        message, code = refused
        raise ValidationError(message, code=code)
    if neighbourhood.charter_version and not accept_charter:
        raise field_error(
            "accept_charter",
            _("To join, read the charter and tick the box."),
            code="charter_not_accepted",
        )
    now = timezone.now()
    invitation = None
    if code.strip():
        invitation = use_code(neighbourhood=neighbourhood, code=code)
        status, via = Membership.Status.ACTIVE, Membership.Via.CODE
    elif neighbourhood.join_policy == Neighbourhood.JoinPolicy.OPEN:
        status, via = Membership.Status.ACTIVE, Membership.Via.OPEN
    elif neighbourhood.join_policy == Neighbourhood.JoinPolicy.APPROVAL:
        status, via = Membership.Status.PENDING, Membership.Via.APPROVAL
    else:
        raise field_error(
            "code",
            _(
                "This neighbourhood is joined with an invitation code. Ask "
                "the centre social for one."
            ),
            code="code_required",
        )
    membership = membership or Membership(user=user, neighbourhood=neighbourhood)
    membership.role = Membership.Role.RESIDENT
    membership.status = status
    membership.joined_via = via
    membership.invitation = invitation
    membership.status_reason = ""
    membership.decided_by = None
    membership.decided_at = None
    membership.charter_version_accepted = neighbourhood.charter_version
    membership.charter_accepted_at = now if neighbourhood.charter_version else None
    membership.save()
    return membership


@transaction.atomic
def decide_request(
    *, moderator: User, membership: Membership, approve: bool, message: str = ""
) -> Membership:
    """Approve or decline a pending request; the message is kept for the person.

    Precondition: the moderator moderates the membership's neighbourhood.
    """
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    permissions.check(moderator, Capability.MODERATE, membership.neighbourhood)
    if membership.status != Membership.Status.PENDING:
        raise ValidationError(
            _("This request has already been answered."), code="not_pending"
        )
    membership.status = (
        Membership.Status.ACTIVE if approve else Membership.Status.DECLINED
    )
    membership.status_reason = message.strip()[:500]
    membership.decided_by = moderator
    membership.decided_at = timezone.now()
    membership.save(
        update_fields=[
            "status",
            "status_reason",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    write_journal(
        neighbourhood=membership.neighbourhood,
        actor=moderator,
        subject=membership.user,
        action=(
            JournalEntry.Action.MEMBER_APPROVED
            if approve
            else JournalEntry.Action.MEMBER_DECLINED
        ),
        details=membership.status_reason,
    )
    neighbourhood = membership.neighbourhood
    reason = membership.status_reason

    if approve:
        message = "membership.approved"
    elif reason:
        message = "membership.declined.reason"
    else:
        message = "membership.declined"
    notification_services.notify(
        user=membership.user,
        kind=Notification.Kind.MEMBERSHIP,
        message=message,
        params={"name": neighbourhood.name, "reason": reason},
        url=neighbourhood.get_absolute_url(),
        key=f"membership:{membership.pk}:{membership.decided_at.isoformat()}",
    )
    return membership


def _active_coordinators(neighbourhood: Neighbourhood):
    return Membership.objects.filter(
        permissions.membership_filter(Capability.COORDINATE),
        neighbourhood=neighbourhood,
    )


def guard_last_coordinator(membership: Membership) -> None:
    if (
        membership.role == Membership.Role.COORDINATOR
        and not _active_coordinators(membership.neighbourhood)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(
            _(
                "%(name)s would have no coordinator left. Appoint another "
                "coordinator first."
            )
            % {"name": membership.neighbourhood.name},
            code="last_coordinator",
        )


@transaction.atomic
def sanction_member(
    *,
    moderator: User,
    person: User,
    neighbourhood: Neighbourhood,
    status: str,
    reason: str,
    days=None,
) -> int | None:
    """Suspend a member for `days` days, ban them, or lift their sanction
    (`status` suspended, banned or active), for a moderation decision that
    keeps the case, tells the person and writes the journal. Returns the days
    of a suspension. Raises NotAllowed (a moderator sanctioned by another
    moderator), ValidationError on days out of range or for the last
    coordinator; nothing is saved then."""
    membership = Membership.objects.select_for_update().get(
        user=person, neighbourhood=neighbourhood
    )
    permissions.check_sanction(moderator, membership)
    if status == Membership.Status.SUSPENDED:
        try:
            days = int(days)
        except (TypeError, ValueError):
            days = 0
        if not 1 <= days <= MAX_SUSPENSION_DAYS:
            raise field_error(
                "days",
                _("Give a number of days between 1 and %(max)d.")
                % {"max": MAX_SUSPENSION_DAYS},
                code="days",
            )
        membership.suspended_until = timezone.now() + datetime.timedelta(days=days)
    else:
        if status == Membership.Status.BANNED:
            guard_last_coordinator(membership)
        membership.suspended_until = None
        days = None
    membership.status = status
    # `decided_by`/`decided_at` keep telling who let the person in and when
    # (the indicators date arrivals by them); who sanctioned is in the journal.
    membership.status_reason = reason
    membership.save(
        update_fields=["status", "suspended_until", "status_reason", "updated_at"]
    )
    # Open pages follow at once: a sanctioned member's sockets leave the
    # conversations of the neighbourhood.
    events.tell_standing_changed(person.pk)
    return days


@transaction.atomic
def leave_neighbourhood(*, user: User, neighbourhood: Neighbourhood) -> Membership:
    """End one's own membership; access ends at once. The last coordinator
    must hand over first."""
    Neighbourhood.objects.select_for_update().get(pk=neighbourhood.pk)
    membership = Membership.objects.filter(
        user=user, neighbourhood=neighbourhood
    ).first()
    if membership is None or membership.status in (
        Membership.Status.LEFT,
        Membership.Status.DECLINED,
        Membership.Status.BANNED,
    ):
        raise ValidationError(
            _("You are not a member of this neighbourhood."), code="not_member"
        )
    guard_last_coordinator(membership)
    membership.status = Membership.Status.LEFT
    membership.role = Membership.Role.RESIDENT
    membership.save(update_fields=["status", "role", "updated_at"])
    # Nobody acts for someone who is no longer here.
    AssistanceConsent.objects.filter(
        resident=user, neighbourhood=neighbourhood, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    # Their open listings close (exchanges plugs that in).
    departures.member_left(user=user, neighbourhood=neighbourhood)
    events.tell_standing_changed(user.pk)
    return membership


@transaction.atomic
def change_role(*, coordinator: User, membership: Membership, role: str) -> Membership:
    """Appoint or remove volunteers, moderators and coordinators.

    Precondition: the actor coordinates the neighbourhood; the member is active.
    Never leaves a neighbourhood without a coordinator.
    """
    Neighbourhood.objects.select_for_update().get(pk=membership.neighbourhood_id)
    membership = Membership.objects.select_related("neighbourhood", "user").get(
        pk=membership.pk
    )
    permissions.check(coordinator, Capability.COORDINATE, membership.neighbourhood)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if not permissions.is_active(membership):
        raise ValidationError(
            _("Only active members can be given a role."), code="not_active"
        )
    if role == membership.role:
        return membership
    if role != Membership.Role.COORDINATOR:
        guard_last_coordinator(membership)
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    # A moderator no longer: their open pages leave the moderators' room.
    events.tell_standing_changed(membership.user_id)
    write_journal(
        neighbourhood=membership.neighbourhood,
        actor=coordinator,
        subject=membership.user,
        action=JournalEntry.Action.ROLE_CHANGED,
        message="journal.role",
        params={
            "before": texts.ref(f"role.{before}"),
            "after": texts.ref(f"role.{membership.role}"),
        },
    )
    return membership
