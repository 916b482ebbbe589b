"""The notices of a new listing to the few members it fits best."""

from django.utils.translation import gettext as _

from notifications import services as notification_services
from notifications.models import Notification

from .. import matching, selectors
from ..models import Listing

MATCHES_NOTIFIED = 3


def _alert(listing: Listing, fit) -> str:
    """The notice, with the first reason, in the language of the moment."""
    if fit.reasons:
        return _("New in your neighbourhood: %(title)s (%(reason)s)") % {
            "title": listing.title,
            "reason": fit.reasons[0],
        }
    return _("New in your neighbourhood: %(title)s") % {"title": listing.title}


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
            text=lambda fit=fit: _alert(listing, fit),
            url=listing.get_absolute_url(),
            key=f"listing:{listing.pk}",
        ):
            told += 1
    return told
