"""What happens to a member's listings and answers when their account is
erased: the exchanges done stay (others' hours count on them), the rest goes,
and nothing they wrote is left."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from community.models import User

from ..models import Listing, Response, Thanks


@transaction.atomic
def erase_contributions_of(*, user: User) -> None:
    """Listings with an exchange done are closed and keep a neutral title; the
    others are removed with their answers. Answers not done are removed;
    done ones lose their text; thank-you notes lose theirs."""
    done = Response.objects.filter(
        author_confirmed_at__isnull=False, responder_confirmed_at__isnull=False
    )
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Listing of a former member")
    kept = Listing.objects.filter(author=user, responses__in=done).distinct()
    for listing in kept:
        if listing.status in (Listing.Status.OPEN, Listing.Status.AGREED):
            listing.status = Listing.Status.CANCELLED
        listing.title = title
        listing.description = ""
        listing.save(update_fields=["status", "title", "description", "updated_at"])
        listing.tags.clear()
    Listing.objects.filter(author=user).exclude(
        pk__in=[listing.pk for listing in kept]
    ).delete()
    Response.objects.filter(responder=user).exclude(pk__in=done).delete()
    Response.objects.filter(responder=user).update(message="")
    Thanks.objects.filter(from_user=user).update(text="")
