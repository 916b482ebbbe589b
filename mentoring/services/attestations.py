"""Attestations issued to members, with a code anyone can check."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community.models import User
from neighbourhoods.models import Neighbourhood

from .. import attestations, permissions
from ..models import CODE_LENGTH, HOLDER_NAME_MAX_LENGTH, Attestation
from .pairs import _check_length

# Letters and digits that cannot be mistaken for one another when typed.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LONGEST_PERIOD = datetime.timedelta(days=366 * 5)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def issue_attestation(
    *,
    by: User,
    member: User,
    neighbourhood: Neighbourhood,
    kind: str,
    start: datetime.date,
    end: datetime.date,
    holder_name: str,
) -> Attestation:
    """Issue an attestation of `kind` over the period, as the records of the
    neighbourhood show it today, in the member's language; kept with a new
    verification code."""
    permissions.check_issue_attestation(by, member=member, neighbourhood=neighbourhood)
    if kind not in Attestation.Kind.values:
        raise ValidationError({"kind": _("Choose an attestation.")}, code="invalid")
    holder_name = holder_name.strip()
    if not holder_name:
        raise ValidationError(
            {"holder_name": _("Write the name the attestation should carry.")},
            code="required",
        )
    _check_length("holder_name", holder_name, HOLDER_NAME_MAX_LENGTH)
    today = timezone.localdate()
    if start > end or end > today:
        raise ValidationError(
            {"end": _("The period ends after it starts, and not after today.")},
            code="period",
        )
    if end - start > LONGEST_PERIOD:
        raise ValidationError(
            {"start": _("An attestation covers five years at most.")}, code="period"
        )
    values = {"member": member, "neighbourhood": neighbourhood}
    with translation.override(member.language or translation.get_language()):
        if kind == Attestation.Kind.VOLUNTEERING:
            content = attestations.volunteering(start=start, end=end, **values)
        else:
            content = attestations.skills(start=start, end=end, **values)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Attestation.objects.create(
                    kind=kind,
                    code=new_code(),
                    holder_name=holder_name,
                    period_start=start,
                    period_end=end,
                    content=content,
                    **values,
                )
        except IntegrityError:
            continue
    raise RuntimeError("no free verification code after five tries")
