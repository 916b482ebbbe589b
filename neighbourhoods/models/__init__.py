"""The models of organisations and neighbourhoods, one module per subdomain.
Callers keep writing `from neighbourhoods.models import Membership`; the
migrations and string references ("neighbourhoods.Neighbourhood") are
unchanged."""

from .charter import CHARTER_MAX_LENGTH, Charter
from .codes import (
    COORDINATOR_INVITATION_DAYS,
    INVITATION_ALPHABET,
    INVITATION_LENGTH,
    CoordinatorInvitation,
    InvitationCode,
)
from .desk import AssistanceConsent
from .journal import AppendOnlyQuerySet, JournalEntry, JournalIsAppendOnly
from .memberships import MAX_SUSPENSION_DAYS, REASON_MAX_LENGTH, Membership
from .neighbourhoods import (
    NEIGHBOURHOOD_DESCRIPTION_MAX_LENGTH,
    OPENING_HOURS_MAX_LENGTH,
    POSTCODES_MAX_LENGTH,
    WELCOME_ADDRESS_MAX_LENGTH,
    Neighbourhood,
)
from .organisations import (
    LOGO_EXTENSIONS,
    LOGO_MAX_BYTES,
    Organisation,
    OrganisationCoordinator,
    validate_logo_size,
)

__all__ = [
    "CHARTER_MAX_LENGTH",
    "COORDINATOR_INVITATION_DAYS",
    "INVITATION_ALPHABET",
    "INVITATION_LENGTH",
    "LOGO_EXTENSIONS",
    "LOGO_MAX_BYTES",
    "MAX_SUSPENSION_DAYS",
    "NEIGHBOURHOOD_DESCRIPTION_MAX_LENGTH",
    "OPENING_HOURS_MAX_LENGTH",
    "POSTCODES_MAX_LENGTH",
    "REASON_MAX_LENGTH",
    "WELCOME_ADDRESS_MAX_LENGTH",
    "AppendOnlyQuerySet",
    "AssistanceConsent",
    "Charter",
    "CoordinatorInvitation",
    "InvitationCode",
    "JournalEntry",
    "JournalIsAppendOnly",
    "Membership",
    "Neighbourhood",
    "Organisation",
    "OrganisationCoordinator",
    "validate_logo_size",
]
