"""The end of a listing's time: listings past their date close, and their
authors are reminded a week before (run daily by `manage.py expire_listings`)."""

import datetime

from django.db import transaction
from django.utils import timezone

from notifications import services as notification_services
from notifications import texts
from notifications.models import Notification

from .. import selectors
from ..models import Listing


@transaction.atomic
def expire_listings(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Close the listings past their date, and remind authors a week before.
    Run daily by `manage.py expire_listings`."""
    now = now or timezone.now()
    expired = Listing.objects.filter(
        status=Listing.Status.OPEN, expires_at__lte=now
    ).update(status=Listing.Status.EXPIRED, updated_at=now)
    reminded = 0
    for listing in selectors.listings_expiring(now=now):
        notification_services.notify(
            user=listing.author,
            kind=Notification.Kind.LISTING,
            message="listing.closing",
            params={"title": listing.title, "date": texts.date(listing.expires_at)},
            url=listing.get_absolute_url(),
            key=f"expiring:{listing.pk}:{listing.expires_at.date()}",
        )
        Listing.objects.filter(pk=listing.pk).update(reminded_at=now)
        reminded += 1
    return {"expired": expired, "reminded": reminded}
