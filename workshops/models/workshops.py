"""Workshops, proposed and approved, and their sessions with seats."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ._common import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH, _text
from .places import Place

MAX_CAPACITY = 100
MAX_SESSIONS = 52


class Workshop(models.Model):
    """A workshop of a neighbourhood, run by one or more of its members. A
    resident's proposal waits for a moderator's approval before it is shown."""

    class Level(models.TextChoices):
        DISCOVERY = "discovery", _("Discovery")
        BASIC = "basic", _("Basic")
        ADVANCED = "advanced", _("Advanced")
        EXPERT = "expert", _("Expert")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        SENIORS = "seniors", _("Seniors")
        YOUNG = "young", _("Young people")
        JOB_SEEKERS = "job_seekers", _("Job seekers")

    class Registration(models.TextChoices):
        SERIES = "series", _("The whole series at once")
        SESSION = "session", _("One session at a time")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        related_name="workshops",
        verbose_name=_("neighbourhood"),
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="workshops_organised",
        verbose_name=_("organisers"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(
        _("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    category = models.ForeignKey(
        "exchanges.Category",
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("category"),
    )
    level = models.CharField(
        _("level"), max_length=10, choices=Level.choices, default=Level.DISCOVERY
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("place"),
    )
    audience = models.CharField(
        _("audience"),
        max_length=12,
        choices=Audience.choices,
        default=Audience.EVERYONE,
    )
    accessibility_notes = _text(_("accessibility"))
    # None: free.
    price = models.DecimalField(
        _("price (euros)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    registration = models.CharField(
        _("registration"),
        max_length=8,
        choices=Registration.choices,
        default=Registration.SESSION,
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    decided_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["title"]
        indexes = [models.Index(fields=["neighbourhood", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="workshop_price_not_negative",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshop_detail", args=[self.neighbourhood.slug, self.pk])

    @property
    def is_series(self) -> bool:
        return self.registration == self.Registration.SERIES


class Session(models.Model):
    """One meeting of a workshop, with its seats."""

    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("workshop"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("seats"))
    # People who came without registering and without an account.
    walk_ins = models.PositiveSmallIntegerField(_("walk-ins"), default=0)
    attendance_taken_at = models.DateTimeField(
        _("attendance taken"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="session_has_a_seat"
            ),
        ]

    def __str__(self):
        return f"{self.workshop} ({self.starts_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return self.workshop.get_absolute_url() + f"#session-{self.pk}"

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600
