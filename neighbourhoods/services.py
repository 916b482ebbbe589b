"""Writes for organisations, neighbourhoods, memberships, invitation codes, the
charter and the help given at the desk. Each service checks its permission with
neighbourhoods.permissions before it writes, and records moderation and
coordination acts in the journal."""

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community import selectors as community_selectors
from community import services as community_services
from community.models import User
from community.services import field_error
from notifications import services as notification_services
from notifications.models import Notification

from . import permissions
from .models import (
    INVITATION_ALPHABET,
    INVITATION_LENGTH,
    MAX_SUSPENSION_DAYS,
    REASON_MAX_LENGTH,
    AssistanceConsent,
    Charter,
    InvitationCode,
    JournalEntry,
    Membership,
    Neighbourhood,
    Organisation,
)
from .permissions import Capability, NotAllowed

MAX_CODE_USES = 500
MAX_CODE_DAYS = 365


@transaction.atomic
def ensure_organisation(*, name: str, kind: str, **details) -> Organisation:
    """The organisation of that name, created with these details if it is new."""
    organisation, _created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, **details}
    )
    return organisation


@transaction.atomic
def ensure_neighbourhood(
    *, organisation: Organisation, slug: str, name: str, **details
) -> Neighbourhood:
    """The neighbourhood with that slug, created in the organisation if it is new."""
    neighbourhood, _created = Neighbourhood.objects.get_or_create(
        slug=slug, defaults={"organisation": organisation, "name": name, **details}
    )
    return neighbourhood


def write_journal(
    *,
    neighbourhood: Neighbourhood,
    actor: User | None,
    action: str,
    subject: User | None = None,
    details: str = "",
    case=None,
) -> JournalEntry:
    """The one writer of the journal (append-only): every act of moderation,
    coordination, or done for a resident at the desk. Long details are cut to
    what the journal keeps."""
    return JournalEntry.objects.create(
        neighbourhood=neighbourhood,
        actor=actor,
        action=action,
        subject=subject,
        details=details[:REASON_MAX_LENGTH],
        case=case,
    )


def normalise_code(code: str) -> str:
    """What people type from paper: any case, with spaces or a dash."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _use_code(*, neighbourhood: Neighbourhood, code: str) -> InvitationCode:
    """Take one use of `code` for `neighbourhood`, or say why it cannot be used.
    The use is counted in the same UPDATE that checks it, so two people typing
    the last use at once cannot both get it."""
    code = normalise_code(code)
    invitation = InvitationCode.objects.filter(code=code).first()
    if invitation is None:
        raise field_error(
            "code",
            _("This code does not exist. Check each letter and try again."),
            code="unknown_code",
        )
    if invitation.neighbourhood_id != neighbourhood.pk:
        raise field_error(
            "code",
            _("This code is for another neighbourhood: %(name)s.")
            % {"name": invitation.neighbourhood.name},
            code="other_neighbourhood",
        )
    now = timezone.now()
    taken = InvitationCode.objects.filter(
        pk=invitation.pk,
        revoked_at__isnull=True,
        expires_at__gt=now,
        uses__lt=F("max_uses"),
    ).update(uses=F("uses") + 1)
    if not taken:
        if invitation.revoked_at is not None:
            message = _("This code has been withdrawn. Ask the centre for a new one.")
        elif invitation.expires_at <= now:
            message = _("This code has expired. Ask the centre for a new one.")
        else:
            message = _(
                "This code has been used as many times as planned. Ask the "
                "centre for a new one."
            )
        raise field_error("code", message, code="unusable_code")
    invitation.refresh_from_db(fields=["uses"])
    return invitation


def invitation_for_code(code: str) -> InvitationCode:
    """The usable invitation behind `code`, to show its neighbourhood before
    joining; ValidationError saying why not otherwise."""
    invitation = (
        InvitationCode.objects.select_related("neighbourhood")
        .filter(code=normalise_code(code))
        .first()
    )
    if invitation is None:
        raise field_error(
            "code",
            _("This code does not exist. Check each letter and try again."),
            code="unknown_code",
        )
    if not invitation.is_usable():
        raise field_error(
            "code",
            _("This code can no longer be used. Ask the centre for a new one."),
            code="unusable_code",
        )
    return invitation


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
        invitation = _use_code(neighbourhood=neighbourhood, code=code)
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

    def text():  # in the person's language
        if approve:
            return _("Welcome! Your request to join %(name)s is approved.") % {
                "name": neighbourhood.name
            }
        if reason:
            return _("Your request to join %(name)s is declined: %(reason)s") % {
                "name": neighbourhood.name,
                "reason": reason,
            }
        return _("Your request to join %(name)s is declined.") % {
            "name": neighbourhood.name
        }

    notification_services.notify(
        user=membership.user,
        kind=Notification.Kind.MEMBERSHIP,
        text=text,
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
    before = membership.get_role_display()
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    write_journal(
        neighbourhood=membership.neighbourhood,
        actor=coordinator,
        subject=membership.user,
        action=JournalEntry.Action.ROLE_CHANGED,
        details=f"{before} → {membership.get_role_display()}",
    )
    return membership


def _new_code() -> str:
    while True:
        code = "".join(
            secrets.choice(INVITATION_ALPHABET) for _n in range(INVITATION_LENGTH)
        )
        if not InvitationCode.objects.filter(code=code).exists():
            return code


@transaction.atomic
def create_invitation_code(
    *, moderator: User, neighbourhood: Neighbourhood, max_uses: int, valid_days: int
) -> InvitationCode:
    """A new paper code, usable `max_uses` times for `valid_days` days."""
    permissions.check(moderator, Capability.MODERATE, neighbourhood)
    errors = {}
    if not 1 <= max_uses <= MAX_CODE_USES:
        errors["max_uses"] = _("Choose between 1 and %(max)d uses.") % {
            "max": MAX_CODE_USES
        }
    if not 1 <= valid_days <= MAX_CODE_DAYS:
        errors["valid_days"] = _("Choose between 1 and %(max)d days.") % {
            "max": MAX_CODE_DAYS
        }
    if errors:
        raise ValidationError(errors)
    invitation = InvitationCode.objects.create(
        neighbourhood=neighbourhood,
        code=_new_code(),
        max_uses=max_uses,
        expires_at=timezone.now() + datetime.timedelta(days=valid_days),
        created_by=moderator,
    )
    write_journal(
        neighbourhood=neighbourhood,
        actor=moderator,
        action=JournalEntry.Action.CODE_CREATED,
        details=_("%(code)s: %(uses)d uses, %(days)d days")
        % {"code": invitation.display_code, "uses": max_uses, "days": valid_days},
    )
    return invitation


@transaction.atomic
def revoke_invitation_code(*, moderator: User, invitation: InvitationCode) -> None:
    permissions.check(moderator, Capability.MODERATE, invitation.neighbourhood)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        write_journal(
            neighbourhood=invitation.neighbourhood,
            actor=moderator,
            action=JournalEntry.Action.CODE_REVOKED,
            details=invitation.display_code,
        )


@transaction.atomic
def update_neighbourhood(
    *,
    coordinator: User,
    neighbourhood: Neighbourhood,
    description: str,
    postcodes: str,
    join_policy: str,
) -> Neighbourhood:
    permissions.check(coordinator, Capability.COORDINATE, neighbourhood)
    neighbourhood = Neighbourhood.objects.get(pk=neighbourhood.pk)
    neighbourhood.description = description.strip()
    neighbourhood.postcodes = " ".join(postcodes.replace(",", " ").split())
    neighbourhood.join_policy = join_policy
    neighbourhood.full_clean()
    neighbourhood.save(
        update_fields=["description", "postcodes", "join_policy", "updated_at"]
    )
    write_journal(
        neighbourhood=neighbourhood,
        actor=coordinator,
        action=JournalEntry.Action.NEIGHBOURHOOD_EDITED,
    )
    return neighbourhood


@transaction.atomic
def publish_charter(
    *, coordinator: User, neighbourhood: Neighbourhood, text: str
) -> Charter:
    """A new version of the charter. Every member must accept it on their next
    visit before they post or write again; its author accepts it by writing it."""
    neighbourhood = Neighbourhood.objects.select_for_update().get(pk=neighbourhood.pk)
    membership = permissions.check(coordinator, Capability.COORDINATE, neighbourhood)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("The charter cannot be empty.")})
    current = neighbourhood.charters.filter(
        version=neighbourhood.charter_version
    ).first()
    if current is not None and current.text == text:
        raise field_error(
            "text",
            _("This is the charter already in force: change the text first."),
            code="unchanged",
        )
    version = neighbourhood.charter_version + 1
    charter = Charter(
        neighbourhood=neighbourhood, version=version, text=text, written_by=coordinator
    )
    charter.full_clean()
    charter.save()
    neighbourhood.charter_version = version
    neighbourhood.save(update_fields=["charter_version", "updated_at"])
    membership.charter_version_accepted = version
    membership.charter_accepted_at = timezone.now()
    membership.save(
        update_fields=["charter_version_accepted", "charter_accepted_at", "updated_at"]
    )
    write_journal(
        neighbourhood=neighbourhood,
        actor=coordinator,
        action=JournalEntry.Action.CHARTER_PUBLISHED,
        details=_("version %(version)d") % {"version": version},
    )
    members = User.objects.filter(
        pk__in=Membership.objects.filter(
            permissions.membership_filter(Capability.SEE), neighbourhood=neighbourhood
        ).values("user_id")
    ).exclude(pk=coordinator.pk)
    notification_services.notify_many(
        users=members,
        kind=Notification.Kind.CHARTER,
        text=lambda: (
            _("The charter of %(name)s has changed: read it on your next visit.")
            % {"name": neighbourhood.name}
        ),
        url=reverse("charter_accept", kwargs={"slug": neighbourhood.slug}),
        key=f"charter:{neighbourhood.pk}:{version}",
    )
    return charter


@transaction.atomic
def accept_charter(
    *, user: User, neighbourhood: Neighbourhood, version: int | None = None
) -> Membership:
    """Record that the member accepted the charter in force. With `version` (the
    one the member was shown), a charter published in the meantime is refused:
    nobody accepts a text they have not seen."""
    neighbourhood = Neighbourhood.objects.get(pk=neighbourhood.pk)
    membership = (
        Membership.objects.select_related("neighbourhood")
        .filter(user=user, neighbourhood=neighbourhood)
        .first()
    )
    if not permissions.allows(membership, Capability.SEE):
        raise NotAllowed(permissions.refusal(membership, Capability.SEE))
    if version is not None and version != neighbourhood.charter_version:
        raise ValidationError(
            _("The charter has just changed again: please read the new version."),
            code="charter_changed",
        )
    membership.charter_version_accepted = neighbourhood.charter_version
    membership.charter_accepted_at = timezone.now()
    membership.save(
        update_fields=["charter_version_accepted", "charter_accepted_at", "updated_at"]
    )
    return membership


@dataclass
class DeskAccount:
    user: User
    login: str
    one_time_password: str


@transaction.atomic
def create_desk_account(
    *,
    moderator: User,
    neighbourhood: Neighbourhood,
    pseudonym: str,
    email: str = "",
    charter_read_together: bool,
    consent_purpose: str = "",
) -> DeskAccount:
    """An account made at the desk for a resident who is present: a member of the
    neighbourhood at once, with a one-time password to change at first login.
    With a purpose given, the resident's consent to be helped is recorded too.

    Raises ValidationError (nothing created) on a taken pseudonym or e-mail, or
    when the charter was not read with the resident.
    """
    permissions.check(moderator, Capability.MODERATE, neighbourhood)
    errors = {}
    try:
        pseudonym = community_services.clean_pseudonym(pseudonym=pseudonym)
    except ValidationError as error:
        errors.update(error.error_dict)
    email = email.strip().lower()
    if email and community_selectors.email_taken(email=email):
        errors["email"] = _("An account already uses this e-mail address.")
    if neighbourhood.charter_version and not charter_read_together:
        errors["charter_read_together"] = _(
            "Read the charter with the resident and tick the box."
        )
    if errors:
        raise ValidationError(errors)
    user, login, password = community_services.create_assisted_account(
        pseudonym=pseudonym, email=email
    )
    now = timezone.now()
    Membership.objects.create(
        user=user,
        neighbourhood=neighbourhood,
        status=Membership.Status.ACTIVE,
        joined_via=Membership.Via.DESK,
        decided_by=moderator,
        decided_at=now,
        charter_version_accepted=neighbourhood.charter_version,
        charter_accepted_at=now if neighbourhood.charter_version else None,
    )
    write_journal(
        neighbourhood=neighbourhood,
        actor=moderator,
        subject=user,
        action=JournalEntry.Action.ACCOUNT_CREATED,
    )
    if consent_purpose.strip():
        record_consent(
            moderator=moderator,
            resident=user,
            neighbourhood=neighbourhood,
            purpose=consent_purpose,
        )
    return DeskAccount(user=user, login=login, one_time_password=password)


@transaction.atomic
def record_consent(
    *, moderator: User, resident: User, neighbourhood: Neighbourhood, purpose: str
) -> AssistanceConsent:
    """The resident, present at the desk, agrees that the neighbourhood's
    moderators act for them, for the purpose they stated."""
    permissions.check(moderator, Capability.MODERATE, neighbourhood)
    purpose = purpose.strip()
    if not purpose:
        raise ValidationError(
            {"purpose": _("Write what the resident wants help with.")}
        )
    membership = permissions.membership_of(resident, neighbourhood)
    if not permissions.allows(membership, Capability.SEE):
        raise ValidationError(
            _("This person is not a member of the neighbourhood."), code="not_member"
        )
    if permissions.live_consent(resident, neighbourhood):
        raise ValidationError(
            _("This resident has already given their consent."),
            code="already_consented",
        )
    consent = AssistanceConsent.objects.create(
        resident=resident,
        neighbourhood=neighbourhood,
        purpose=purpose[:500],
        recorded_by=moderator,
    )
    write_journal(
        neighbourhood=neighbourhood,
        actor=moderator,
        subject=resident,
        action=JournalEntry.Action.CONSENT_RECORDED,
        details=consent.purpose,
    )
    return consent


@transaction.atomic
def withdraw_consent(*, resident: User, neighbourhood: Neighbourhood) -> None:
    """The resident ends their consent; no one may act for them from now on."""
    consent = permissions.live_consent(resident, neighbourhood)
    if consent is None:
        raise ValidationError(_("There is no consent to withdraw."), code="no_consent")
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    write_journal(
        neighbourhood=neighbourhood,
        actor=resident,
        subject=resident,
        action=JournalEntry.Action.CONSENT_WITHDRAWN,
    )


def record_assisted_action(
    *, helper: User, resident: User, neighbourhood: Neighbourhood, what: str
) -> JournalEntry:
    """Write down something a moderator did for a resident: who, for whom, what,
    when, after checking that they may act for them. Services that act for a
    resident call this in their transaction (those that have already checked
    write the journal directly, so a request checks the consent once)."""
    permissions.check_act_for(helper, resident, neighbourhood)
    return write_journal(
        neighbourhood=neighbourhood,
        actor=helper,
        subject=resident,
        action=JournalEntry.Action.ACTED_FOR,
        details=what,
    )


@transaction.atomic
def update_profile_for(
    *, helper: User, resident: User, neighbourhood: Neighbourhood, **profile
) -> None:
    """A moderator fills in a present resident's profile with their consent;
    recorded in the journal and in the resident's history."""
    permissions.check_act_for(helper, resident, neighbourhood)
    community_services.update_profile(user=resident, **profile)
    record_assisted_action(
        helper=helper,
        resident=resident,
        neighbourhood=neighbourhood,
        what=_("updated the profile"),
    )
