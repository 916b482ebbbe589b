"""What a listing is about: the shared seed list and each neighbourhood's own."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..categories import ICONS, PASSIONS, SEED, SERVICES

CATEGORY_NAME_MAX_LENGTH = 60
CATEGORY_DESCRIPTION_MAX_LENGTH = 200


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
