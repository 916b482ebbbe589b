"""The notices of a new listing to the few members it fits best."""

from django.conf import settings
from django.utils import translation

from notifications import services as notification_services
from notifications.models import Notification

from .. import matching, selectors
from ..models import Listing

MATCHES_NOTIFIED = 3


def _alert(listing: Listing, fit, user) -> dict:
    """The notice's message and parameters: the first reason is written in
    the member's language now (the words of the matching), the rest when
    it is read."""
    if not fit.reasons:
        return {"message": "listing.match", "params": {"title": listing.title}}
    with translation.override(user.language or settings.LANGUAGE_CODE):
        reason = str(fit.reasons[0])
    return {
        "message": "listing.match_because",
        "params": {"title": listing.title, "reason": reason},
    }


def notify_matches(*, listing: Listing) -> int:
    """Tell the members a new listing fits best (the scoring of "for you" and of
    the neighbours who could answer), at most MATCHES_NOTIFIED, each once, as
    their notification settings allow, with why it fits them. Returns how many
    were told."""
    listing = Listing.objects.select_related("author__profile", "category").get(
        pk=listing.pk
    )
    told = 0
    for profile, fit in selectors.people_for_listing(
        listing=listing, limit=MATCHES_NOTIFIED, viewpoint=matching.PERSON
    ):
        if notification_services.notify(
            user=profile.user,
            kind=Notification.Kind.MATCH,
            **_alert(listing, fit, profile.user),
            url=listing.get_absolute_url(),
            key=f"listing:{listing.pk}",
        ):
            told += 1
    return told
