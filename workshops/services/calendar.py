"""The secret address of a member's own calendar."""

from django.db import transaction

from community.models import User

from ..models import CalendarFeed, new_calendar_token


def calendar_feed_of(*, user: User) -> CalendarFeed:
    """The member's calendar feed, made the first time they ask for it."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def reset_calendar_token(*, user: User) -> CalendarFeed:
    """A new secret address: the old one stops working at once (for a member
    who shared it by mistake)."""
    feed = calendar_feed_of(user=user)
    feed.token = new_calendar_token()
    feed.save(update_fields=["token", "updated_at"])
    return feed
