"""The words a neighbourhood's coordinators add to the thesaurus."""

from django.db import transaction
from django.utils.translation import gettext as _

from community.models import User
from community.services import field_error
from neighbourhoods import permissions
from neighbourhoods.models import JournalEntry, Neighbourhood
from neighbourhoods.permissions import Capability
from neighbourhoods.services import write_journal

from .. import text
from ..models import ThesaurusWord


@transaction.atomic
def add_thesaurus_word(
    *, coordinator: User, neighbourhood: Neighbourhood, phrase: str, category: str
) -> ThesaurusWord:
    """A word of the neighbourhood for a shared category, in the journal."""
    permissions.check(coordinator, Capability.COORDINATE, neighbourhood)
    phrase = " ".join(phrase.split())
    if not text.phrase_keys(phrase):  # only function words, in both languages
        raise field_error(
            "phrase",
            _("Write a word that means something (not only “for”, “the”…)."),
            code="empty",
        )
    if ThesaurusWord.objects.filter(
        neighbourhood=neighbourhood, phrase__iexact=phrase, category=category
    ).exists():
        raise field_error("phrase", _("This word is already there."), code="duplicate")
    word = ThesaurusWord(
        neighbourhood=neighbourhood,
        phrase=phrase,
        category=category,
        added_by=coordinator,
    )
    word.full_clean()
    word.save()
    write_journal(
        neighbourhood=neighbourhood,
        actor=coordinator,
        action=JournalEntry.Action.NEIGHBOURHOOD_EDITED,
        details=_("Thesaurus: “%(phrase)s” added for %(category)s.")
        % {"phrase": phrase, "category": word.get_category_display()},
    )
    return word


@transaction.atomic
def remove_thesaurus_word(*, coordinator: User, word: ThesaurusWord) -> None:
    permissions.check(coordinator, Capability.COORDINATE, word.neighbourhood)
    write_journal(
        neighbourhood=word.neighbourhood,
        actor=coordinator,
        action=JournalEntry.Action.NEIGHBOURHOOD_EDITED,
        details=_("Thesaurus: “%(phrase)s” removed from %(category)s.")
        % {"phrase": word.phrase, "category": word.get_category_display()},
    )
    word.delete()
