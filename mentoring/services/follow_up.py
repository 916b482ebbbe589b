"""The staff's weekly reminder of the pairs to follow."""

from django.urls import reverse
from django.utils import timezone

from neighbourhoods.models import Neighbourhood

from .. import selectors
from ..models import Pair
from ._common import staff_of, tell_on_commit


def remind_staff(*, now=None) -> int:
    """Tell the moderators of each neighbourhood with pairs what waits for
    them: pairs to approve, pairs without a meeting for a while, check-ins
    due. Once a week at most (the key names the week); returns how many
    neighbourhoods were told about."""
    now = now or timezone.now()
    year, week, _day = timezone.localtime(now).isocalendar()
    told = 0
    with_pairs = Pair.objects.filter(state__in=Pair.OPEN).values("neighbourhood_id")
    for neighbourhood in Neighbourhood.objects.filter(pk__in=with_pairs):
        found = selectors.pairs_to_follow(neighbourhood=neighbourhood, now=now)
        counts = {
            "name": neighbourhood.name,
            "approve": len(found["to_approve"]),
            "quiet": len(found["quiet"]),
            "check": len(found["check_ins"]),
        }
        if not (counts["approve"] or counts["quiet"] or counts["check"]):
            continue
        tell_on_commit(
            users=staff_of(neighbourhood),
            message="mentoring.follow_up",
            params=counts,
            url=reverse("mentoring:follow_up", args=[neighbourhood.slug]),
            key=f"mentoring-follow:{neighbourhood.pk}:{year}-{week}",
        )
        told += 1
    return told
