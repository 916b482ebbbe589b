"""The notices of a new listing to the few members it fits best."""

from notifications import services as notification_services
from notifications.models import Notification

from .. import selectors
from ..models import Listing

MATCHES_NOTIFIED = 3


def notify_matches(*, listing: Listing) -> int:
    """Tell the members a new listing fits best, at most MATCHES_NOTIFIED, each
    once, as their notification settings allow. Returns how many were told."""
    listing = Listing.objects.select_related("author__profile", "category").get(
        pk=listing.pk
    )
    told = 0
    for profile, _fit in selectors.people_for_listing(
        listing=listing, limit=MATCHES_NOTIFIED
    ):
        if notification_services.notify(
            user=profile.user,
            kind=Notification.Kind.MATCH,
            message="listing.match",
            params={"title": listing.title},
            url=listing.get_absolute_url(),
            key=f"listing:{listing.pk}",
        ):
            told += 1
    return told
