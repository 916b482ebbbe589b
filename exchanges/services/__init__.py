"""Writes of the marketplace: listings, answers, completion and thanks,
categories, the thesaurus's words, and the notices of new listings. Callers write
`from exchanges import services` and `services.create_listing(...)`."""

from .alerts import MATCHES_NOTIFIED, notify_matches
from .categories import create_category
from .completion import confirm_done, thank
from .erasure import erase_contributions_of
from .expiry import expire_listings
from .landmarks import remove_landmark, save_landmark
from .listings import (
    EDITABLE_FIELDS,
    cancel_listing,
    close_listings_of_departed,
    create_listing,
    renew_listing,
    set_listing_tags,
    set_listing_visibility,
    update_listing,
    writers_language,
)
from .responses import accept_response, decline_response, respond, withdraw_response
from .retention import purge_closed_listings
from .thesaurus import add_thesaurus_word, remove_thesaurus_word

__all__ = [
    "purge_closed_listings",
    "erase_contributions_of",
    "EDITABLE_FIELDS",
    "MATCHES_NOTIFIED",
    "accept_response",
    "add_thesaurus_word",
    "cancel_listing",
    "close_listings_of_departed",
    "confirm_done",
    "create_category",
    "create_listing",
    "decline_response",
    "expire_listings",
    "notify_matches",
    "remove_landmark",
    "remove_thesaurus_word",
    "renew_listing",
    "respond",
    "save_landmark",
    "set_listing_tags",
    "set_listing_visibility",
    "thank",
    "update_listing",
    "withdraw_response",
    "writers_language",
]
