"""Workshops and events of a neighbourhood's agenda, the places where they
happen, their sessions, the members registered (or waiting) for them, who came,
and what they thought of it."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 2000
TEXT_MAX_LENGTH = 500
COMMENT_MAX_LENGTH = 300
MAX_CAPACITY = 100
MAX_SESSIONS = 52
# Cancelling is one click until this long before the start.
CANCELLATION_CLOSES = datetime.timedelta(hours=12)
# A seat offered to the first waiting person is kept for them this long (never
# beyond the start of the session).
OFFER_TIME = datetime.timedelta(hours=24)
# The staff see a member who missed this many sessions without cancelling.
NO_SHOW_ALERT = 2


def _text(verbose_name, max_length=TEXT_MAX_LENGTH):
    return models.CharField(verbose_name, max_length=max_length, blank=True)


class Place(models.Model):
    """Where help is found and where workshops and events happen: the centre
    social, the médiathèque's multimedia space, a public digital space."""

    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        related_name="places",
        verbose_name=_("neighbourhood"),
    )
    name = models.CharField(_("name"), max_length=TITLE_MAX_LENGTH)
    address = models.CharField(_("address"), max_length=TEXT_MAX_LENGTH)
    opening_hours = _text(_("opening hours"))
    help_offered = _text(_("help found there"))
    accessibility = _text(_("accessibility"))
    # Where the map puts it (a public building, never a person's home).
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "name"], name="place_name_per_neighbourhood"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="place_on_the_map_or_not",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def on_map(self) -> bool:
        return self.latitude is not None and self.longitude is not None


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


class Registration(models.Model):
    """A member's place in one session: a seat, a place in the waiting list, a
    seat offered to them until a deadline, or what became of it."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("Seat offered, to confirm")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Came")
        NO_SHOW = "no_show", _("Did not come")

    # The states that hold a seat.
    SEATED = (State.REGISTERED, State.OFFERED, State.ATTENDED, State.NO_SHOW)

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workshop_registrations",
        verbose_name=_("member"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    # Came without registering: added by the organiser at the door.
    walk_in = models.BooleanField(_("walk-in"), default=False)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    seated_at = models.DateTimeField(_("seat given"), null=True, blank=True)
    offered_until = models.DateTimeField(_("to confirm by"), null=True, blank=True)
    helped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered at the desk by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session", "created_at", "pk"]
        indexes = [models.Index(fields=["session", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="one_registration_per_session"
            ),
            models.CheckConstraint(
                condition=~Q(state="offered") | Q(offered_until__isnull=False),
                name="offer_has_a_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.session} · {self.state}"


class Satisfaction(models.Model):
    """What a member who came thought of a session: one of three faces and, if
    they like, a sentence. Shown to the organisers only in aggregate."""

    class Face(models.IntegerChoices):
        SAD = 1, _("Not happy")
        NEUTRAL = 2, _("So-so")
        HAPPY = 3, _("Happy")

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="satisfactions",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    face = models.PositiveSmallIntegerField(_("how was it?"), choices=Face.choices)
    comment = models.CharField(
        _("a word about it"), max_length=COMMENT_MAX_LENGTH, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="one_satisfaction_per_session"
            )
        ]

    def __str__(self):
        return f"{self.session} · {self.face}"


class Event(models.Model):
    """Something else on the neighbourhood's agenda, open to all, without
    registration: a fête de quartier, an information meeting, a repair café."""

    class Kind(models.TextChoices):
        FETE = "fete", _("Neighbourhood party")
        INFORMATION = "information", _("Information meeting")
        REPAIR = "repair", _("Repair café")
        OTHER = "other", _("Other")

    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("neighbourhood"),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(
        _("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("place"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a member's own calendar of registrations; they
    may change it, and the old address stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("member"),
    )
    token = models.CharField(
        _("secret"), max_length=64, unique=True, default=new_calendar_token
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)
