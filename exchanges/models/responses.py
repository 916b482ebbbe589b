"""Answers to a listing, the exchange's completion and the thanks after it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import _helped_by_field
from .listings import Listing

MESSAGE_MAX_LENGTH = 500
THANKS_MAX_LENGTH = 300
# The time an exchange may be said to have taken, in minutes.
MIN_MINUTES_SPENT = 5
MAX_MINUTES_SPENT = 24 * 60


class Response(models.Model):
    """Someone answers a listing: "I can help" to a request, "I'm interested"
    to an offer, with a short message."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not this time")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    listing = models.ForeignKey(
        Listing,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("listing"),
    )
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("from"),
    )
    helped_by = _helped_by_field(_("sent with the help of"))
    message = models.CharField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    author_confirmed_at = models.DateTimeField(
        _("done, says the author"), null=True, blank=True
    )
    responder_confirmed_at = models.DateTimeField(
        _("done, says the responder"), null=True, blank=True
    )
    minutes_spent = models.PositiveIntegerField(_("time spent"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "responder"], name="one_response_per_person"
            )
        ]

    def __str__(self):
        return f"{self.responder} → {self.listing}"

    @property
    def is_done(self):
        return bool(self.author_confirmed_at and self.responder_confirmed_at)

    @property
    def giver_id(self):
        """Who gave their time: the author of an offer, the responder to a request."""
        if self.listing.kind == Listing.Kind.OFFER:
            return self.listing.author_id
        return self.responder_id

    @property
    def receiver_id(self):
        if self.listing.kind == Listing.Kind.OFFER:
            return self.responder_id
        return self.listing.author_id


class Thanks(models.Model):
    """A short thank-you after an exchange is done, shown on the profile of the
    person thanked."""

    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="thanks",
        verbose_name=_("exchange"),
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="thanks_given",
        verbose_name=_("from"),
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="thanks_received",
        verbose_name=_("to"),
    )
    text = models.CharField(_("thank-you"), max_length=THANKS_MAX_LENGTH)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("thank-you")
        verbose_name_plural = _("thank-yous")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "from_user"], name="one_thanks_per_exchange"
            )
        ]

    def __str__(self):
        return self.text[:40]
