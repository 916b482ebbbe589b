"""Codes handed over on paper or sent as a link: to join a neighbourhood, and
to coordinate an organisation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .neighbourhoods import Neighbourhood
from .organisations import Organisation

# How long an invitation to coordinate an organisation may be used.
COORDINATOR_INVITATION_DAYS = 30
# Letters and digits that cannot be mistaken for one another when read aloud or
# copied from paper: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
INVITATION_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
INVITATION_LENGTH = 8


class InvitationCode(models.Model):
    """A code handed out on paper; joining with it skips approval."""

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="invitation_codes",
        verbose_name=_("neighbourhood"),
    )
    code = models.CharField(_("code"), max_length=INVITATION_LENGTH, unique=True)
    max_uses = models.PositiveIntegerField(_("number of uses"))
    uses = models.PositiveIntegerField(_("times used"), default=0)
    expires_at = models.DateTimeField(_("valid until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(uses__lte=models.F("max_uses")),
                name="invitation_uses_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(max_uses__gte=1), name="invitation_at_least_one_use"
            ),
        ]

    def __str__(self):
        return self.display_code

    @property
    def display_code(self):
        """ABCD-EFGH: two groups of four are easier to read aloud and copy."""
        half = len(self.code) // 2
        return f"{self.code[:half]}-{self.code[half:]}"

    def is_usable(self, *, now=None):
        now = now or timezone.now()
        return (
            self.revoked_at is None
            and self.uses < self.max_uses
            and (self.expires_at > now)
        )


class CoordinatorInvitation(models.Model):
    """An invitation to coordinate an organisation, sent by e-mail as a link or
    handed over as a printed code; used once."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="coordinator_invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail of the person invited"), blank=True)
    code = models.CharField(_("code"), max_length=INVITATION_LENGTH, unique=True)
    expires_at = models.DateTimeField(_("valid until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation to coordinate")
        verbose_name_plural = _("invitations to coordinate")
        ordering = ["-created_at"]

    def __str__(self):
        return self.display_code

    @property
    def display_code(self):
        half = len(self.code) // 2
        return f"{self.code[:half]}-{self.code[half:]}"

    def is_usable(self, *, now=None):
        now = now or timezone.now()
        return self.accepted_at is None and self.expires_at > now
