"""Format rules for what members type about themselves, shared by every form and
service that accepts them."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import PSEUDONYM_MAX_LENGTH, PSEUDONYM_MIN_LENGTH

# Letters of any alphabet, digits, and the few joining characters names use.
_PSEUDONYM_RE = re.compile(r"^[^\W_][\w .'’-]*$")
MAX_TAGS = 15
TAG_MAX_LENGTH = 40


def normalise_pseudonym(value: str) -> str:
    """Trim the ends and fold runs of spaces, so 'Mo  nique ' and 'Mo nique' match."""
    return " ".join(value.split())


def validate_pseudonym_format(value: str) -> None:
    if len(value) < PSEUDONYM_MIN_LENGTH:
        raise ValidationError(
            _("Your pseudonym needs at least %(min)d characters.")
            % {"min": PSEUDONYM_MIN_LENGTH},
            code="too_short",
        )
    if len(value) > PSEUDONYM_MAX_LENGTH:
        raise ValidationError(
            _("Your pseudonym can have at most %(max)d characters (it has %(length)d).")
            % {"max": PSEUDONYM_MAX_LENGTH, "length": len(value)},
            code="too_long",
        )
    if not _PSEUDONYM_RE.match(value):
        raise ValidationError(
            _(
                "Start with a letter or a number, then use only letters, numbers, "
                "spaces, dots, dashes or apostrophes."
            ),
            code="invalid_characters",
        )


def validate_tags(names: list[str]) -> None:
    if len(names) > MAX_TAGS:
        raise ValidationError(
            ngettext(
                "Choose at most %(max)d word (you wrote %(count)d).",
                "Choose at most %(max)d words (you wrote %(count)d).",
                MAX_TAGS,
            )
            % {"max": MAX_TAGS, "count": len(names)},
            code="too_many_tags",
        )
    too_long = [name for name in names if len(name) > TAG_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            _("Each word can have at most %(max)d characters: shorten “%(tag)s”.")
            % {"max": TAG_MAX_LENGTH, "tag": too_long[0]},
            code="tag_too_long",
        )
