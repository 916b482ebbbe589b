"""Neighbourhoods, each run by one organisation."""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation

NEIGHBOURHOOD_DESCRIPTION_MAX_LENGTH = 2000
POSTCODES_MAX_LENGTH = 200
WELCOME_ADDRESS_MAX_LENGTH = 250
OPENING_HOURS_MAX_LENGTH = 300


class Neighbourhood(models.Model):
    """A neighbourhood run by one organisation. Listings and conversations always
    belong to one neighbourhood."""

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone who accepts the charter joins at once")
        APPROVAL = "approval", _("On approval by a moderator")
        CODE = "code", _("With an invitation code only")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    description = models.TextField(
        _("description"), max_length=NEIGHBOURHOOD_DESCRIPTION_MAX_LENGTH, blank=True
    )
    # Space-separated, e.g. "69008 69500": searchable the same way on every database.
    postcodes = models.CharField(
        _("postcodes covered"), max_length=POSTCODES_MAX_LENGTH, blank=True
    )
    join_policy = models.CharField(
        _("how people join"),
        max_length=10,
        choices=JoinPolicy.choices,
        default=JoinPolicy.APPROVAL,
    )
    listing_lifetime_days = models.PositiveSmallIntegerField(
        _("days a listing stays open"), default=60
    )
    # Against floods: at most `message_limit` messages per person in any
    # `message_window_seconds`, counted in the database so that every server
    # process agrees.
    message_limit = models.PositiveSmallIntegerField(
        _("messages a person may send in a row"),
        default=20,
        validators=[MinValueValidator(1)],
    )
    message_window_seconds = models.PositiveSmallIntegerField(
        _("within (seconds)"), default=30, validators=[MinValueValidator(1)]
    )
    # Where people are welcomed in person: the desk, the workshops.
    welcome_address = models.CharField(
        _("address of the welcome place"),
        max_length=WELCOME_ADDRESS_MAX_LENGTH,
        blank=True,
    )
    opening_hours = models.CharField(
        _("opening hours"), max_length=OPENING_HOURS_MAX_LENGTH, blank=True
    )
    # When a member's account is erased, their messages in others'
    # conversations read "message deleted", unless the neighbourhood keeps them
    # (signed "a former member").
    keep_messages_of_former_members = models.BooleanField(
        _("keep the messages of former members"), default=False
    )
    # When a moderator first opened the printable poster: the setup checklist.
    poster_printed_at = models.DateTimeField(
        _("poster first printed"), null=True, blank=True
    )
    # The version members must have accepted; 0 while there is no charter.
    charter_version = models.PositiveIntegerField(_("charter version"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="neighbourhood_name_per_org"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("neighbourhood_detail", kwargs={"slug": self.slug})
