"""A point on a neighbourhood's map: a landmark, a place where help is found.
Never a person's home. Both coordinates or neither, each within its range, to
five decimals (about a metre); the models, the forms and the services that
keep such points read the rule from here."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LATITUDE_RANGE = (-90, 90)
LONGITUDE_RANGE = (-180, 180)
DECIMAL_PLACES = 5


def model_fields() -> tuple[models.DecimalField, models.DecimalField]:
    """`latitude, longitude = positions.model_fields()` in a model."""
    return tuple(
        models.DecimalField(
            verbose_name,
            max_digits=3 + DECIMAL_PLACES,  # up to 180
            decimal_places=DECIMAL_PLACES,
            null=True,
            blank=True,
        )
        for verbose_name in (gettext_lazy("latitude"), gettext_lazy("longitude"))
    )


def on_the_map_or_not() -> Q:
    """The condition of the model's check constraint: no position, or both
    coordinates within range."""
    return Q(latitude__isnull=True, longitude__isnull=True) | Q(
        latitude__gte=LATITUDE_RANGE[0],
        latitude__lte=LATITUDE_RANGE[1],
        longitude__gte=LONGITUDE_RANGE[0],
        longitude__lte=LONGITUDE_RANGE[1],
    )


def form_fields() -> tuple[forms.DecimalField, forms.DecimalField]:
    """`latitude, longitude = positions.form_fields()` in a form."""
    latitude = forms.DecimalField(
        label=gettext_lazy("Latitude (for the map)"),
        required=False,
        min_value=LATITUDE_RANGE[0],
        max_value=LATITUDE_RANGE[1],
        decimal_places=DECIMAL_PLACES,
        help_text=gettext_lazy(
            "For example 45.75000. Leave empty to keep it off the map."
        ),
    )
    longitude = forms.DecimalField(
        label=gettext_lazy("Longitude (for the map)"),
        required=False,
        min_value=LONGITUDE_RANGE[0],
        max_value=LONGITUDE_RANGE[1],
        decimal_places=DECIMAL_PLACES,
        help_text=gettext_lazy("For example 4.85000."),
    )
    return latitude, longitude


def check_both_or_neither(latitude, longitude) -> None:
    """A service's check before it saves a point: half a position is refused,
    as an error on the longitude that keeps its code."""
    if (latitude is None) != (longitude is None):
        message = _("Give both the latitude and the longitude, or neither.")
        raise ValidationError(
            {"longitude": ValidationError(message, code="half_position")}
        )
