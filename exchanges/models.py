import json

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from community.models import TAG_LABEL_MAX_LENGTH, tag_label

from .categories import ICONS, PASSIONS, SEED, SERVICES

TITLE_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 2000
MESSAGE_MAX_LENGTH = 500
THANKS_MAX_LENGTH = 300
AVAILABILITY_MAX_LENGTH = 200
CATEGORY_NAME_MAX_LENGTH = 60
CATEGORY_DESCRIPTION_MAX_LENGTH = 200
# How many people one listing may take (a workshop, a group outing).
MAX_PLACES = 50
# The time an exchange may be said to have taken, in minutes.
MIN_MINUTES_SPENT = 5
MAX_MINUTES_SPENT = 24 * 60


def _helped_by_field(verbose_name) -> models.ForeignKey:
    """The moderator who wrote this for a resident at the desk (none when the
    resident wrote it); the record stays if the moderator's account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class IdListField(ArrayField):
    """A list of integer ids: an `integer[]` on PostgreSQL, which a GIN index
    can search (`overlap`), and a JSON list in a text column elsewhere
    (SQLite), read and written as the same Python list."""

    def __init__(self, **kwargs):
        kwargs.pop("base_field", None)
        super().__init__(models.IntegerField(), **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        del kwargs["base_field"], kwargs["size"]
        return name, "exchanges.models.IdListField", args, kwargs

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return super().db_type(connection)
        return "text"

    def cast_db_type(self, connection):
        if connection.vendor == "postgresql":
            return super().cast_db_type(connection)
        return "text"

    def get_placeholder(self, value, compiler, connection):
        if connection.vendor == "postgresql":
            return super().get_placeholder(value, compiler, connection)
        return "%s"

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if connection.vendor == "postgresql" or value is None:
            return value
        return json.dumps(value)

    def from_db_value(self, value, expression, connection):
        if isinstance(value, str):
            return json.loads(value)
        return value


class Category(models.Model):
    """What a listing is about. The seed list (no neighbourhood) is shared and
    translated; coordinators add categories of their own neighbourhood."""

    class World(models.TextChoices):
        SERVICES = SERVICES, _("Services (coups de main)")
        PASSIONS = PASSIONS, _("Shared passions")

    key = models.SlugField(_("key"), max_length=30, blank=True)
    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="categories",
        verbose_name=_("neighbourhood"),
    )
    name = models.CharField(_("name"), max_length=CATEGORY_NAME_MAX_LENGTH)
    description = models.CharField(
        _("description"), max_length=CATEGORY_DESCRIPTION_MAX_LENGTH, blank=True
    )
    icon = models.CharField(
        _("icon"), max_length=20, choices=[(icon, icon) for icon in ICONS]
    )
    world = models.CharField(
        _("world"), max_length=10, choices=World.choices, default=World.SERVICES
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(neighbourhood__isnull=True),
                name="seed_category_key_unique",
            ),
            models.UniqueConstraint(
                fields=["neighbourhood", "name"], name="category_name_per_place"
            ),
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """The translated name of a seed category, or the coordinators' own."""
        if self.neighbourhood_id is None and self.key in SEED:
            return SEED[self.key][0]
        return self.name

    @property
    def help_text(self):
        if self.neighbourhood_id is None and self.key in SEED:
            return SEED[self.key][1]
        return self.description


class TaggedListing(TaggedItemBase):
    content_object = models.ForeignKey(
        "Listing", on_delete=models.CASCADE, related_name="tagged_items"
    )
    label = models.CharField(_("as typed"), max_length=TAG_LABEL_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("listing tag")
        verbose_name_plural = _("listing tags")


LANDMARK_NAME_MAX_LENGTH = 80


class Landmark(models.Model):
    """A street or a landmark of a neighbourhood ("Place du marché", "rue
    Victor Hugo"), never a person's address: a listing may name one as where
    it is, roughly, and the map of the neighbourhood shows it there. Kept by
    the neighbourhood's moderators, with a position if they give one."""

    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        related_name="landmarks",
        verbose_name=_("neighbourhood"),
    )
    name = models.CharField(_("name"), max_length=LANDMARK_NAME_MAX_LENGTH)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("landmark")
        verbose_name_plural = _("landmarks")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "neighbourhood", Lower("name"), name="landmark_name_unique_ci"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="landmark_position_both_and_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def on_map(self) -> bool:
        return self.latitude is not None and self.longitude is not None


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


THESAURUS_PHRASE_MAX_LENGTH = 60


class ThesaurusWord(models.Model):
    """A word of a neighbourhood's own for one of the shared categories,
    added by its coordinators to the thesaurus kept in the repository
    (exchanges/thesaurus/fr.txt): "la Ressourcerie" -> lending things. The
    matching, the similar listings and the search of the neighbourhood read
    it."""

    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        related_name="thesaurus_words",
        verbose_name=_("neighbourhood"),
    )
    phrase = models.CharField(
        _("word or phrase"), max_length=THESAURUS_PHRASE_MAX_LENGTH
    )
    category = models.CharField(
        _("category"),
        max_length=30,
        choices=[(key, name) for key, (name, *_rest) in SEED.items()],
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("word of the thesaurus")
        verbose_name_plural = _("words of the thesaurus")
        ordering = ["phrase"]
        constraints = [
            models.UniqueConstraint(
                "neighbourhood",
                Lower("phrase"),
                "category",
                name="thesaurus_word_unique_ci",
            ),
        ]

    def __str__(self):
        return f"{self.phrase} → {self.category}"
