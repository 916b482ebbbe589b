"""Places where help is found and where the agenda happens."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from neighbourhoods import positions

from ._common import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, _text


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
    latitude, longitude = positions.model_fields()
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
                condition=positions.on_the_map_or_not(),
                name="place_on_the_map_or_not",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def on_map(self) -> bool:
        return self.latitude is not None and self.longitude is not None
