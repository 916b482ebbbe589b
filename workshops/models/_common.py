"""What the agenda's models share: the lengths of their texts, a short text."""

from django.db import models

TITLE_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 2000
TEXT_MAX_LENGTH = 500


def _text(verbose_name, max_length=TEXT_MAX_LENGTH):
    return models.CharField(verbose_name, max_length=max_length, blank=True)
