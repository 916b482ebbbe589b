"""The watch list: words that hold a neighbourhood's new listings and messages
for review. Matching ignores case and accents and looks for whole words (or
whole expressions). The services that make listings and messages reach it
through `neighbourhoods.review`, where this app plugs it in when it starts."""

import re
import unicodedata

from .models import SEVERITY, Case, WatchedWord


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(*, neighbourhood, text: str) -> list[str]:
    """The watched words found in `text` (one query)."""
    words = list(
        WatchedWord.objects.filter(neighbourhood=neighbourhood).values_list(
            "word", flat=True
        )
    )
    if not words:
        return []
    plain = " ".join(normalise(text).split())  # as the watched words are
    found = []
    for word in words:
        wanted = " ".join(normalise(word).split())
        # Every message sent is checked: the plain search first rules out most
        # words at a fraction of the cost of the whole-word pattern.
        if wanted in plain and re.search(
            r"(?<!\w)" + re.escape(wanted) + r"(?!\w)", plain
        ):
            found.append(word)
    return found


def hold(*, neighbourhood, person, listing=None, message=None) -> Case:
    """Open (or find) the case of content the watch list held."""
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
