"""The desk: what a resident allows the moderators to do for them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .memberships import REASON_MAX_LENGTH
from .neighbourhoods import Neighbourhood


class AssistanceConsent(models.Model):
    """A resident's consent, given at the desk, that the neighbourhood's
    moderators act for them while they are present. Withdrawn at any time."""

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assistance_consents",
        verbose_name=_("resident"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="assistance_consents",
        verbose_name=_("neighbourhood"),
    )
    purpose = models.CharField(_("what for"), max_length=REASON_MAX_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    given_at = models.DateTimeField(_("given on"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent to be helped")
        verbose_name_plural = _("consents to be helped")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "neighbourhood"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_live_consent_per_place",
            )
        ]

    def __str__(self):
        return f"{self.resident} @ {self.neighbourhood}"
