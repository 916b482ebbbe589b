from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A structure that runs neighbourhoods: a centre social, an association, a
    public digital space or a municipal service."""

    class Kind(models.TextChoices):
        SOCIAL_CENTRE = "social_centre", _("Centre social")
        ASSOCIATION = "association", _("Association")
        DIGITAL_SPACE = "digital_space", _("Public digital space")
        MUNICIPAL = "municipal", _("Municipal service")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.SOCIAL_CENTRE
    )
    description = models.CharField(_("short description"), max_length=500, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Neighbourhood(models.Model):
    """A neighbourhood run by one organisation. Listings and conversations always
    belong to one neighbourhood."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    postcodes = models.JSONField(_("postcodes covered"), default=list, blank=True)
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
