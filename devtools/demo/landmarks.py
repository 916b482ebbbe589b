"""Demo streets and landmarks: a few per demo neighbourhood, kept by its
moderators, with some of its open listings placed at them, so the map of the
places shows where the listings are, roughly. Idempotent."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from exchanges import services
from exchanges.models import Listing
from neighbourhoods import permissions
from neighbourhoods.models import Membership, Neighbourhood
from neighbourhoods.permissions import Capability, NotAllowed

LANDMARKS = {
    "tilleuls": [
        ("Place du Marché", Decimal("45.73510"), Decimal("4.87180")),
        ("Rue des Tilleuls", Decimal("45.73850"), Decimal("4.86950")),
        ("Parc des Hauteurs", Decimal("45.74020"), Decimal("4.86500")),
    ],
    "moulin": [
        ("Avenue de la Gare", Decimal("45.74250"), Decimal("4.87800")),
        ("Square du Moulin", Decimal("45.74480"), Decimal("4.88120")),
    ],
}
# At most this share of a neighbourhood's open listings name a landmark.
PLACED_SHARE = 0.6


def seed_landmarks() -> None:
    """Without the demo's random draws, so the data seeded after it stays
    the same."""
    for neighbourhood in Neighbourhood.objects.filter(
        slug__in=LANDMARKS.keys()
    ).order_by("slug"):
        if neighbourhood.landmarks.exists():
            continue
        moderator = (
            Membership.objects.filter(
                permissions.membership_filter(Capability.MODERATE),
                neighbourhood=neighbourhood,
            )
            .select_related("user")
            .order_by("role", "pk")
            .first()
            .user
        )
        landmarks = [
            services.save_landmark(
                by=moderator,
                neighbourhood=neighbourhood,
                name=name,
                latitude=latitude,
                longitude=longitude,
            )
            for name, latitude, longitude in LANDMARKS[neighbourhood.slug]
        ]
        listings = list(
            Listing.objects.filter(
                neighbourhood=neighbourhood, status=Listing.Status.OPEN, hidden=False
            )
            .select_related("author", "neighbourhood")
            .order_by("pk")
        )
        placed = listings[: int(len(listings) * PLACED_SHARE)]
        for index, listing in enumerate(placed):
            try:
                services.update_listing(
                    user=listing.author,
                    listing=listing,
                    landmark=landmarks[index % len(landmarks)],
                )
            except (NotAllowed, ValidationError):
                continue  # an author who may no longer change it keeps it as is
