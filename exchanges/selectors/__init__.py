"""Reads of the marketplace, one module per subdomain. Callers write
`from exchanges import selectors` and `selectors.for_you(...)`."""

from .listings import (  # noqa: F401
    VISIBLE_STATUSES,
    _seen_by,
    _with_page_data,
    categories_for,
    exchange_between,
    hours_of,
    landmarks_of,
    landmarks_with_listings,
    listing_for,
    listings_expiring,
    listings_visible_to,
    my_listings,
    my_responses,
    neighbourhoods_for,
    responses_shown,
    thanks_for,
    thesaurus_words,
)
from .search import (  # noqa: F401
    SEARCH_CONFIGS,
    SEARCH_POOL,
    SIMILAR_POOL,
    _matching_text,
    _ranked_listings,
    _tag_names,
    search_config,
    search_listings,
    similar_listings,
    thesaurus_for,
)
from .suggestions import (  # noqa: F401
    COUNTERPART_POOL,
    FOR_YOU_POOL,
    FOR_YOU_SIZE,
    PEOPLE_POOL,
    _author,
    _candidate,
    _person,
    _shared_for_matching,
    _sharing_a_tag,
    counterpart_listings,
    fit_between,
    for_you,
    people_for_listing,
)
