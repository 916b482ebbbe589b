"""Words of a neighbourhood's own for the shared categories."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ..categories import SEED

THESAURUS_PHRASE_MAX_LENGTH = 60


class ThesaurusWord(models.Model):
    """A word of a neighbourhood's own for one of the shared categories,
    added by its coordinators to the thesaurus kept in the repository
    (exchanges/thesaurus/fr.txt): "la Ressourcerie" -> lending things. The
    matching, the similar listings and the search of the neighbourhood read
    it."""

    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        related_name="thesaurus_words",
        verbose_name=_("neighbourhood"),
    )
    phrase = models.CharField(
        _("word or phrase"), max_length=THESAURUS_PHRASE_MAX_LENGTH
    )
    category = models.CharField(
        _("category"),
        max_length=30,
        choices=[(key, name) for key, (name, *_rest) in SEED.items()],
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("word of the thesaurus")
        verbose_name_plural = _("words of the thesaurus")
        ordering = ["phrase"]
        constraints = [
            models.UniqueConstraint(
                "neighbourhood",
                Lower("phrase"),
                "category",
                name="thesaurus_word_unique_ci",
            ),
        ]

    def __str__(self):
        return f"{self.phrase} → {self.category}"
