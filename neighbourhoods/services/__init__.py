"""Writes for organisations, neighbourhoods, memberships, invitation codes, the
charter and the help given at the desk. Each service checks its permission with
neighbourhoods.permissions before it writes, and records moderation and
coordination acts in the journal.

One module per subdomain; callers keep writing `services.join_neighbourhood(...)`."""

from .charter import accept_charter, publish_charter
from .codes import (
    MAX_CODE_DAYS,
    MAX_CODE_USES,
    create_invitation_code,
    invitation_for_code,
    normalise_code,
    revoke_invitation_code,
)
from .desk import (
    DeskAccount,
    create_desk_account,
    record_assisted_action,
    record_consent,
    reset_desk_password,
    update_profile_for,
    withdraw_consent,
)
from .erasure import record_deletion_at_desk, remove_former_member
from .journal import write_journal
from .memberships import (
    change_role,
    decide_request,
    guard_last_coordinator,
    join_neighbourhood,
    leave_neighbourhood,
    sanction_member,
)
from .neighbourhoods import (
    NEIGHBOURHOOD_FIELDS,
    ensure_neighbourhood,
    ensure_organisation,
    update_neighbourhood,
)
from .setup import (
    ORGANISATION_FIELDS,
    accept_coordinator_invitation,
    coordinator_invitation_for_code,
    create_neighbourhood,
    create_organisation,
    invite_coordinator,
    mark_poster_printed,
    update_organisation,
)

__all__ = [
    "record_deletion_at_desk",
    "remove_former_member",
    "MAX_CODE_DAYS",
    "MAX_CODE_USES",
    "NEIGHBOURHOOD_FIELDS",
    "ORGANISATION_FIELDS",
    "accept_coordinator_invitation",
    "coordinator_invitation_for_code",
    "create_neighbourhood",
    "create_organisation",
    "invite_coordinator",
    "mark_poster_printed",
    "update_organisation",
    "DeskAccount",
    "accept_charter",
    "change_role",
    "create_desk_account",
    "reset_desk_password",
    "create_invitation_code",
    "decide_request",
    "ensure_neighbourhood",
    "ensure_organisation",
    "guard_last_coordinator",
    "invitation_for_code",
    "join_neighbourhood",
    "leave_neighbourhood",
    "normalise_code",
    "publish_charter",
    "record_assisted_action",
    "record_consent",
    "revoke_invitation_code",
    "sanction_member",
    "update_neighbourhood",
    "update_profile_for",
    "withdraw_consent",
    "write_journal",
]
