"""The desk: accounts made for residents who are present, their consent to be
helped, and what moderators do for them (recorded in the journal and in the
resident's own history)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import selectors as community_selectors
from community import services as community_services
from community.models import User

from .. import permissions
from ..models import AssistanceConsent, JournalEntry, Membership, Neighbourhood
from ..permissions import Capability
from .journal import write_journal


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
def reset_desk_password(
    *, moderator: User, resident: User, neighbourhood: Neighbourhood
) -> DeskAccount:
    """A resident who gave their consent to be helped and lost their password
    gets a new one-time password at the desk, to print and change at the next
    login. Their other login sessions and open pages end. Recorded in the
    journal and in the resident's history."""
    permissions.check_act_for(moderator, resident, neighbourhood)
    password = community_services.give_one_time_password(user=resident)
    write_journal(
        neighbourhood=neighbourhood,
        actor=moderator,
        subject=resident,
        action=JournalEntry.Action.ACTED_FOR,
        message="journal.one_time_password",
    )
    return DeskAccount(
        user=resident, login=resident.username, one_time_password=password
    )


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
    *,
    helper: User,
    resident: User,
    neighbourhood: Neighbourhood,
    what: str,
    params: dict | None = None,
) -> JournalEntry:
    """Write down something a moderator did for a resident: who, for whom, what,
    when, after checking that they may act for them. Services that act for a
    resident call this in their transaction (those that have already checked
    write the journal directly, so a request checks the consent once). `what`
    is a message of `notifications.texts`, with its `params`."""
    permissions.check_act_for(helper, resident, neighbourhood)
    return write_journal(
        neighbourhood=neighbourhood,
        actor=helper,
        subject=resident,
        action=JournalEntry.Action.ACTED_FOR,
        message=what,
        params=params,
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
        what="journal.profile_updated",
    )
