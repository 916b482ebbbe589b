"""The versioned charter of a neighbourhood."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .neighbourhoods import Neighbourhood

CHARTER_MAX_LENGTH = 10000


class Charter(models.Model):
    """One version of a neighbourhood's rules, written by its coordinators. Old
    versions are kept: a member's acceptance names the version they read."""

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="charters",
        verbose_name=_("neighbourhood"),
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), max_length=CHARTER_MAX_LENGTH)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("charter")
        verbose_name_plural = _("charters")
        ordering = ["neighbourhood", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "version"], name="charter_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.neighbourhood} v{self.version}"
