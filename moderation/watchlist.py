"""The watch list's matching: which words of a neighbourhood's list a text
uses, ignoring case and accents and looking for whole words (or whole
expressions). The services that make listings and messages reach it through
`neighbourhoods.review`, where this app plugs it in when it starts, with the
case that holds what matches (moderation.services.watchlist.hold); the case
page shows the words a held text matched."""

import re
import unicodedata

from .models import WatchedWord


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
