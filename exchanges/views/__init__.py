"""Pages of the marketplace: browse and search, write a listing, answer it,
agree, confirm it is done, thank; the coordinators' categories and
thesaurus; the moderators' streets and landmarks. Each view
validates a form and calls one service or selector."""

from .browse import PAGE_SIZE, for_you, listing_list, my_exchanges
from .categories import manage_categories
from .landmarks import manage_landmark_remove, manage_landmarks
from .listings import (
    listing_cancel,
    listing_create,
    listing_create_for,
    listing_detail,
    listing_edit,
    listing_hide,
    listing_renew,
    listing_similar,
)
from .responses import (
    listing_respond,
    response_accept,
    response_decline,
    response_done,
    response_thanks,
    response_withdraw,
)
from .thesaurus import manage_thesaurus, manage_thesaurus_remove

__all__ = [
    "PAGE_SIZE",
    "for_you",
    "listing_cancel",
    "listing_create",
    "listing_create_for",
    "listing_detail",
    "listing_edit",
    "listing_hide",
    "listing_list",
    "listing_renew",
    "listing_respond",
    "listing_similar",
    "manage_categories",
    "manage_landmark_remove",
    "manage_landmarks",
    "manage_thesaurus",
    "manage_thesaurus_remove",
    "my_exchanges",
    "response_accept",
    "response_decline",
    "response_done",
    "response_thanks",
    "response_withdraw",
]
