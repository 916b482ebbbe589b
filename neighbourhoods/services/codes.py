"""Invitation codes: the paper codes moderators print and hand out, checking a
typed code, and taking one of its uses when someone joins with it."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import User
from community.services import field_error

from .. import permissions
from ..models import (
    INVITATION_ALPHABET,
    INVITATION_LENGTH,
    InvitationCode,
    JournalEntry,
    Neighbourhood,
)
from ..permissions import Capability
from .journal import write_journal

MAX_CODE_USES = 500
MAX_CODE_DAYS = 365


def normalise_code(code: str) -> str:
    """What people type from paper: any case, with spaces or a dash."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _invitation(code: str) -> InvitationCode:
    """The invitation behind a typed code, usable or not; ValidationError when
    there is none."""
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
    return invitation


def use_code(*, neighbourhood: Neighbourhood, code: str) -> InvitationCode:
    """Take one use of `code` for `neighbourhood`, or say why it cannot be used.
    The use is counted in the same UPDATE that checks it, so two people typing
    the last use at once cannot both get it."""
    invitation = _invitation(code)
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
    invitation = _invitation(code)
    if not invitation.is_usable():
        raise field_error(
            "code",
            _("This code can no longer be used. Ask the centre for a new one."),
            code="unusable_code",
        )
    return invitation


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
        message="journal.code",
        params={
            "code": invitation.display_code,
            "uses": max_uses,
            "days": valid_days,
        },
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
