"""The watch list's writes: the coordinators set the words of their
neighbourhood's list, and content that uses one (listings, messages; matched
by moderation.watchlist) waits in a case until a moderator looks at it."""

from django.db import transaction
from django.utils.translation import gettext as _

from community.models import User
from community.services import field_error
from neighbourhoods import permissions
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import JournalEntry, Neighbourhood
from neighbourhoods.permissions import Capability

from ..models import SEVERITY, WATCHED_WORD_MAX_LENGTH, Case, WatchedWord

MAX_WATCHED_WORDS = 200


@transaction.atomic
def set_watch_list(
    *, coordinator: User, neighbourhood: Neighbourhood, words: str
) -> list[str]:
    """Replace the neighbourhood's watch list by the words given, one per
    line."""
    permissions.check(coordinator, Capability.COORDINATE, neighbourhood)
    wanted = []
    for line in words.splitlines():
        word = " ".join(line.split()).casefold()
        if not word or word in wanted:
            continue
        if len(word) > WATCHED_WORD_MAX_LENGTH:
            raise field_error(
                "words",
                _("“%(word)s” is too long: %(max)d characters at most.")
                % {
                    "word": word[:WATCHED_WORD_MAX_LENGTH] + "…",
                    "max": WATCHED_WORD_MAX_LENGTH,
                },
                code="too_long",
            )
        wanted.append(word)
    if len(wanted) > MAX_WATCHED_WORDS:
        raise field_error(
            "words",
            _("At most %(max)d words, please.") % {"max": MAX_WATCHED_WORDS},
            code="too_many",
        )
    before = set(
        WatchedWord.objects.filter(neighbourhood=neighbourhood).values_list(
            "word", flat=True
        )
    )
    if before == set(wanted):
        return sorted(wanted)
    WatchedWord.objects.filter(neighbourhood=neighbourhood).delete()
    WatchedWord.objects.bulk_create(
        [WatchedWord(neighbourhood=neighbourhood, word=word) for word in wanted]
    )
    neighbourhood_services.write_journal(
        neighbourhood=neighbourhood,
        actor=coordinator,
        action=JournalEntry.Action.WATCHLIST_CHANGED,
        message="journal.watchlist",
        params={"count": len(wanted)},
    )
    return sorted(wanted)


def hold(*, neighbourhood, person, listing=None, message=None) -> Case:
    """Open (or find) the case of content the watch list held. Called through
    neighbourhoods.review by the services that make listings and messages."""
    target = Case.Target.LISTING if listing is not None else Case.Target.MESSAGE
    case, _created = Case.objects.get_or_create(
        neighbourhood=neighbourhood,
        target=target,
        listing=listing,
        message=message,
        status=Case.Status.OPEN,
        defaults={
            "person": person,
            "held": True,
            "severity": SEVERITY[Case.Reason.WATCHLIST],
        },
    )
    return case
