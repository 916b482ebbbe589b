"""Names that look alike: one key (a "skeleton", in the spirit of Unicode
TR39) for every way of writing the same-looking name, so that "Karim",
"Ｋarim", "Karіm" (a Cyrillic і) and "Karim." are one pseudonym.

The table of look-alike characters is the Unicode consortium's, as shipped by
the confusable-homoglyphs package; it is read once, from the package's files."""

import json
import unicodedata
from functools import cache
from importlib import resources

# Digits that pass for letters in most fonts (case is folded before: a
# capital I and a small l stay apart, as "KARIM" must stay "karim").
_ASCII_LOOKALIKES = {"1": "l", "0": "o"}


@cache
def _ascii_lookalikes() -> dict[str, str]:
    """Each non-ASCII character that looks like an ASCII letter or digit,
    mapped to it (direct look-alikes only: following look-alikes of
    look-alikes would end with "c" and "o" as one letter)."""
    table = json.loads(
        resources.files("confusable_homoglyphs")
        .joinpath("confusables.json")
        .read_text(encoding="utf-8")
    )
    found = {}
    for char, homoglyphs in table.items():
        if len(char) != 1 or char.isascii():
            continue
        for homoglyph in homoglyphs:
            other = homoglyph["c"]
            if len(other) == 1 and other.isascii() and other.isalnum():
                found[char] = other
                break
    return found


def skeleton(name: str) -> str:
    """The key under which look-alike names are one: compatibility forms
    folded (NFKC), each character that looks like an ASCII letter or digit
    replaced by it (before and after folding the case), accents and everything
    but letters and digits left out, and digits that look like letters read
    as those letters."""
    lookalikes = _ascii_lookalikes()
    text = name
    for fold in (str, lambda t: unicodedata.normalize("NFKC", t), str.casefold):
        text = "".join(lookalikes.get(char, char) for char in fold(text))
    text = unicodedata.normalize("NFKD", text)
    return "".join(_ASCII_LOOKALIKES.get(char, char) for char in text if char.isalnum())
