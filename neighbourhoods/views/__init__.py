"""Pages of neighbourhoods: finding and joining one, its charter, and the tools of
its moderators and coordinators. Each view validates a form and calls one
service or selector; a refusal (NotAllowed) becomes the 403 page with its
reason.

One module per subdomain; `neighbourhoods/urls.py` routes to them."""

from .codes import manage_code_card, manage_code_revoke, manage_codes
from .desk import (
    consent_withdraw,
    manage_desk,
    manage_resident,
    manage_resident_conversation,
    manage_resident_conversation_read,
    manage_resident_messages,
    manage_resident_profile,
    my_help,
)
from .journal import manage_journal
from .manage import manage_decide, manage_edit, manage_home, manage_role
from .public import (
    charter_accept,
    join_with_code,
    neighbourhood_detail,
    neighbourhood_join,
    neighbourhood_leave,
    neighbourhood_list,
    neighbourhood_members,
)

__all__ = [
    "charter_accept",
    "consent_withdraw",
    "join_with_code",
    "manage_code_card",
    "manage_code_revoke",
    "manage_codes",
    "manage_decide",
    "manage_desk",
    "manage_edit",
    "manage_home",
    "manage_journal",
    "manage_resident",
    "manage_resident_conversation",
    "manage_resident_conversation_read",
    "manage_resident_messages",
    "manage_resident_profile",
    "manage_role",
    "my_help",
    "neighbourhood_detail",
    "neighbourhood_join",
    "neighbourhood_leave",
    "neighbourhood_list",
    "neighbourhood_members",
]
