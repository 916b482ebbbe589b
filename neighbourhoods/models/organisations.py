"""Organisations, which run neighbourhoods, and the people who coordinate them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# An organisation's logo, printed on its cards and posters: a small picture.
LOGO_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]
LOGO_MAX_BYTES = 500_000


def validate_logo_size(file) -> None:
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is too large: at most %(size)d kB.")
            % {"size": LOGO_MAX_BYTES // 1000},
            code="logo_too_large",
        )


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
    logo = models.FileField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[
            FileExtensionValidator(LOGO_EXTENSIONS),
            validate_logo_size,
        ],
        help_text=_("Optional: a PNG, JPEG or WebP picture of at most 500 kB."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationCoordinator(models.Model):
    """A person who runs an organisation: edits its details, creates its
    neighbourhoods and invites other coordinators."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="coordinators",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisations_coordinated",
        verbose_name=_("coordinator"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("coordinator of an organisation")
        verbose_name_plural = _("coordinators of organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="organisation_coordinator_once"
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation}"
