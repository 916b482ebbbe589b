"""Long words break with a hyphen where their language allows, not anywhere.

Browsers hyphenate (`hyphens: auto`) only with a dictionary for the text's
language, which some do not have (or download later), and a long French word
("intergénérationnel") is then cut at any letter on a phone. So the server
marks the points itself: soft hyphens (U+00AD), invisible unless the line
breaks there, placed by the patterns of the text's language (pyphen).

For the text shown in a page only: never in a form's value, an attribute, an
e-mail's subject, the document's title or a URL."""

import functools
import re

import pyphen
from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

register = template.Library()

# Shorter words fit a line of a 320 px screen even with larger text.
LONG_WORD_MIN_LETTERS = 12
SOFT_HYPHEN = "\u00ad"

# In escaped text: a tag or a character reference, kept whole, or a long word.
_PIECES = re.compile(
    rf"(?P<markup><[^>]*>|&#?\w+;)|(?P<word>[^\W\d_]{{{LONG_WORD_MIN_LETTERS},}})"
)


@functools.lru_cache(maxsize=16)
def _patterns(language: str) -> pyphen.Pyphen | None:
    """The hyphenation patterns of a language ("fr", "en", "pt-br"), or None
    when pyphen has none."""
    found = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=found) if found else None


def soft_hyphens(html: str, language: str) -> str:
    """`html` (escaped text) with soft hyphens in its long words, at the
    points the patterns of `language` allow; tags and character references
    are left whole."""
    patterns = _patterns(language)
    if patterns is None:
        return html

    def cut(piece: re.Match) -> str:
        word = piece.group("word")
        if word is None:
            return piece.group("markup")
        return patterns.inserted(word, hyphen=SOFT_HYPHEN)

    return _PIECES.sub(cut, html)


@register.filter(needs_autoescape=True)
def hyphenate(value, language="", autoescape=True):
    """`{{ listing.title|hyphenate:listing.language }}`: the text escaped,
    then soft hyphens put in its long words by the patterns of `language`
    (the page's language when not given)."""
    language = str(language or get_language() or settings.LANGUAGE_CODE)
    if autoescape or isinstance(value, SafeData):
        return mark_safe(soft_hyphens(conditional_escape(value), language))
    return soft_hyphens(str(value), language)
