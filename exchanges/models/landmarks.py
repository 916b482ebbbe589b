"""Streets and landmarks of a neighbourhood, where a listing roughly is."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from neighbourhoods import positions

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
    latitude, longitude = positions.model_fields()
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
                condition=positions.on_the_map_or_not(),
                name="landmark_position_both_and_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def on_map(self) -> bool:
        return self.latitude is not None and self.longitude is not None
