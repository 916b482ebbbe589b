"""The notice-board poster: a neighbourhood's newest open listings, and its
workshops and events of the next two weeks."""

from dataclasses import dataclass, field

from django.utils import timezone

from community.models import User
from exchanges import selectors as exchanges_selectors
from exchanges.models import Category, Listing
from moderation.models import Case
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability
from workshops import selectors as workshops_selectors

from .exchanges import category_order

# An A4 poster in large type holds about this many listings; the rest are
# on the site.
POSTER_SIZE = 8  # what one A4 page holds, with the agenda and the footer
# The poster shows the workshops and events of the coming days.
AGENDA_DAYS = 14


@dataclass
class Poster:
    neighbourhood: Neighbourhood
    groups: list[tuple[Category, list[Listing]]]
    shown: int
    total: int
    # The sessions of workshops and the events of the next two weeks.
    coming: list = field(default_factory=list)

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
    listings = (
        exchanges_selectors.listings_visible_to(user=user)
        .filter(neighbourhood=neighbourhood, status=Listing.Status.OPEN, hidden=False)
        # Nothing the moderators are still looking at goes on the wall.
        .exclude(
            pk__in=Case.objects.filter(
                target=Case.Target.LISTING, status=Case.Status.OPEN
            ).values("listing_id")
        )
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
    agenda = workshops_selectors.agenda(
        user=user,
        neighbourhood=neighbourhood,
        start=timezone.localdate(),
        days=AGENDA_DAYS,
    )
    coming = sorted(
        (
            item
            for item in [*agenda.sessions, *agenda.events]
            if item.cancelled_at is None and item.starts_at >= timezone.now()
        ),
        key=lambda item: item.starts_at,
    )
    return Poster(
        neighbourhood=neighbourhood,
        groups=ordered,
        shown=len(newest),
        total=total,
        coming=coming,
    )
