"""A member's place in a session: a seat, the waiting list, a seat offered."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .workshops import Session

# Cancelling is one click until this long before the start.
CANCELLATION_CLOSES = datetime.timedelta(hours=12)
# A seat offered to the first waiting person is kept for them this long (never
# beyond the start of the session).
OFFER_TIME = datetime.timedelta(hours=24)


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
