"""Offers and requests of help, and their keywords."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from community.models import TAG_LABEL_MAX_LENGTH, tag_label

from .categories import Category
from .fields import IdListField, _helped_by_field
from .landmarks import Landmark

TITLE_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 2000
AVAILABILITY_MAX_LENGTH = 200
# How many people one listing may take (a workshop, a group outing).
MAX_PLACES = 50


class TaggedListing(TaggedItemBase):
    content_object = models.ForeignKey(
        "Listing", on_delete=models.CASCADE, related_name="tagged_items"
    )
    label = models.CharField(_("as typed"), max_length=TAG_LABEL_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("listing tag")
        verbose_name_plural = _("listing tags")


class Listing(models.Model):
    """An offer or a request of help, in one neighbourhood."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Offer")
        REQUEST = "request", _("Request")

    class Place(models.TextChoices):
        HOME = "home", _("At home")
        CENTRE = "centre", _("At the centre social")
        OUTDOORS = "outdoors", _("Outdoors")
        REMOTE = "remote", _("Remote (phone, video)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        AGREED = "agreed", _("Agreed")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    class Duration(models.IntegerChoices):
        HALF_HOUR = 30, _("About 30 minutes")
        HOUR = 60, _("About 1 hour")
        TWO_HOURS = 120, _("About 2 hours")
        HALF_DAY = 240, _("Half a day")
        DAY = 480, _("A day")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    # The language the author wrote in, so that pages say it (lang=) and a
    # screen reader reads a French title with a French voice on an English page.
    language = models.CharField(
        _("language of the text"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    description = models.TextField(
        _("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="listings",
        verbose_name=_("category"),
    )
    tags = TaggableManager(
        verbose_name=_("keywords"), through=TaggedListing, blank=True
    )
    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        related_name="listings",
        verbose_name=_("neighbourhood"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="listings",
        verbose_name=_("author"),
    )
    helped_by = _helped_by_field(_("posted with the help of"))
    place = models.CharField(
        _("where"), max_length=10, choices=Place.choices, default=Place.CENTRE
    )
    # Where, roughly: a street or landmark kept by the moderators, never an
    # address.
    landmark = models.ForeignKey(
        Landmark,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="listings",
        verbose_name=_("where, roughly"),
    )
    availability = models.CharField(
        _("when"), max_length=AVAILABILITY_MAX_LENGTH, blank=True
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("time it takes"), choices=Duration.choices, default=Duration.HOUR
    )
    places = models.PositiveSmallIntegerField(_("number of people"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    hidden = models.BooleanField(_("hidden by the moderators"), default=False)
    # Held by the watch list: hidden from the others until a moderator looks;
    # its author sees it "awaiting review".
    held = models.BooleanField(_("awaiting review"), default=False)
    expires_at = models.DateTimeField(_("expires on"))
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # The ids of the listing's tags, written with them by the services: "for
    # you" finds the listings sharing a word with a person in one index scan
    # on PostgreSQL (exchanges/migrations/0004_listing_tag_ids.py).
    tag_ids = IdListField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("published"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["neighbourhood", "status", "-created_at"],
                name="listing_place_status_recent",
            ),
            models.Index(fields=["status", "expires_at"], name="listing_expiry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=1) & Q(places__lte=50),
                name="listing_places_range",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="listing_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("listing_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def tag_names(self) -> list[str]:
        """The keywords as the author typed them, from the join rows the
        selectors prefetch."""
        return [tag_label(item) for item in self.tagged_items.all()]
