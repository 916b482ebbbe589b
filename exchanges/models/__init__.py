"""The models of the marketplace, one module per subdomain. Callers keep
writing `from exchanges.models import Listing`; the migrations and string
references ("exchanges.Listing") are unchanged."""

from .categories import (
    CATEGORY_DESCRIPTION_MAX_LENGTH,
    CATEGORY_NAME_MAX_LENGTH,
    Category,
)
from .fields import IdListField
from .landmarks import LANDMARK_NAME_MAX_LENGTH, Landmark
from .listings import (
    AVAILABILITY_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    MAX_PLACES,
    TITLE_MAX_LENGTH,
    Listing,
    TaggedListing,
)
from .responses import (
    MAX_MINUTES_SPENT,
    MESSAGE_MAX_LENGTH,
    MIN_MINUTES_SPENT,
    THANKS_MAX_LENGTH,
    Response,
    Thanks,
)
from .thesaurus import THESAURUS_PHRASE_MAX_LENGTH, ThesaurusWord

__all__ = [
    "AVAILABILITY_MAX_LENGTH",
    "CATEGORY_DESCRIPTION_MAX_LENGTH",
    "CATEGORY_NAME_MAX_LENGTH",
    "DESCRIPTION_MAX_LENGTH",
    "LANDMARK_NAME_MAX_LENGTH",
    "MAX_MINUTES_SPENT",
    "MAX_PLACES",
    "MESSAGE_MAX_LENGTH",
    "MIN_MINUTES_SPENT",
    "THANKS_MAX_LENGTH",
    "THESAURUS_PHRASE_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "Category",
    "IdListField",
    "Landmark",
    "Listing",
    "Response",
    "TaggedListing",
    "Thanks",
    "ThesaurusWord",
]
