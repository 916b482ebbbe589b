"""The notice-board poster: a neighbourhood's newest open listings."""

from dataclasses import dataclass

from community.models import User
from exchanges import selectors as exchanges_selectors
from exchanges.models import Category, Listing
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability

from .exchanges import category_order

# An A4 poster in large type holds about this many listings; the rest are
# on the site.
POSTER_SIZE = 30


@dataclass
class Poster:
    neighbourhood: Neighbourhood
    groups: list[tuple[Category, list[Listing]]]
    shown: int
    total: int

    @property
    def more(self) -> int:
        return self.total - self.shown


def poster(*, user: User, neighbourhood: Neighbourhood, size: int | None = None):
    """The newest open listings of the neighbourhood, grouped by category, for
    its moderators and coordinators to print (NotAllowed for anyone else).

    They come from exchanges.selectors.listings_visible_to, which keeps out
    what the moderators hid; a listing the person printing hid from
    themselves (their own, hidden) or cannot see (a blocked author) is not
    shown either."""
    permissions.check(user, Capability.MODERATE, neighbourhood)
    size = size or POSTER_SIZE
    listings = exchanges_selectors.listings_visible_to(user=user).filter(
        neighbourhood=neighbourhood, status=Listing.Status.OPEN, hidden=False
    )
    newest = list(
        listings.select_related("category").order_by("-created_at", "-pk")[:size]
    )
    total = len(newest) if len(newest) < size else listings.count()
    groups: dict[int, tuple[Category, list[Listing]]] = {}
    for listing in newest:
        groups.setdefault(listing.category_id, (listing.category, []))[1].append(
            listing
        )
    ordered = sorted(groups.values(), key=lambda group: category_order(group[0]))
    return Poster(
        neighbourhood=neighbourhood, groups=ordered, shown=len(newest), total=total
    )
