"""Closed listings are not kept for ever."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Listing


@transaction.atomic
def purge_closed_listings(*, closed_before) -> int:
    """Listings cancelled or expired before `closed_before` go, with their
    answers. Done listings keep their exchange (the hours count in the
    indicators) but lose their text. Returns how many listings were touched."""
    old = Listing.objects.filter(updated_at__lt=closed_before)
    _total, rows = old.filter(
        status__in=[Listing.Status.CANCELLED, Listing.Status.EXPIRED]
    ).delete()
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Exchange done")
    done = old.filter(status=Listing.Status.DONE).exclude(title=title, description="")
    for listing in done:
        listing.tags.clear()
    emptied = done.update(title=title, description="")
    return rows.get(Listing._meta.label, 0) + emptied
