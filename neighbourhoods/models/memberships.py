"""A person's place in a neighbourhood: role, status, sanctions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .codes import InvitationCode
from .neighbourhoods import Neighbourhood

REASON_MAX_LENGTH = 500
# The longest suspension a moderator may give, in days.
MAX_SUSPENSION_DAYS = 365


class Membership(models.Model):
    """A person's place in a neighbourhood: their role, and where their request,
    suspension or departure stands."""

    class Role(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        VOLUNTEER = "volunteer", _("Volunteer")
        MODERATOR = "moderator", _("Moderator")
        COORDINATOR = "coordinator", _("Coordinator")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Member")
        SUSPENDED = "suspended", _("Suspended")
        BANNED = "banned", _("Banned")
        LEFT = "left", _("Left")
        DECLINED = "declined", _("Request declined")

    class Via(models.TextChoices):
        OPEN = "open", _("Open neighbourhood")
        APPROVAL = "approval", _("Approved request")
        CODE = "code", _("Invitation code")
        DESK = "desk", _("Registered at the desk")
        APPOINTED = "appointed", _("Appointed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("member"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("neighbourhood"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=Role.choices, default=Role.RESIDENT
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    status_reason = models.CharField(
        _("reason given to the member"), max_length=REASON_MAX_LENGTH, blank=True
    )
    joined_via = models.CharField(
        _("joined via"), max_length=10, choices=Via.choices, blank=True
    )
    invitation = models.ForeignKey(
        InvitationCode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("invitation code"),
    )
    charter_version_accepted = models.PositiveIntegerField(
        _("charter version accepted"), default=0
    )
    charter_accepted_at = models.DateTimeField(
        _("charter accepted on"), null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or declined by"),
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "neighbourhood"], name="membership_once_per_place"
            ),
            models.CheckConstraint(
                condition=~Q(status="suspended") | Q(suspended_until__isnull=False),
                name="membership_suspension_has_an_end",
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.neighbourhood}"
