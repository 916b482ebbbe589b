from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

PSEUDONYM_MIN_LENGTH = 3
PSEUDONYM_MAX_LENGTH = 30
PSEUDONYM_KEY_MAX_LENGTH = 120
PORTRAIT_MAX_LENGTH = 500
AVAILABILITY_NOTE_MAX_LENGTH = 200
# A keyword's spelling on each of its join rows: as long as taggit's tag name.
TAG_LABEL_MAX_LENGTH = 100


# Languages most spoken in French neighbourhoods, by ISO 639 code; "other" is a
# free choice for the rest, detailed in the portrait.
SPOKEN_LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("ber", _("Berber (Tamazight)")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("it", _("Italian")),
    ("de", _("German")),
    ("tr", _("Turkish")),
    ("ro", _("Romanian")),
    ("pl", _("Polish")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("wo", _("Wolof")),
    ("bm", _("Bambara")),
    ("ln", _("Lingala")),
    ("fsl", _("French Sign Language (LSF)")),
    ("other", _("Another language")),
]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email and not extra_fields.get("username"):
            raise ValueError("An e-mail address or a login name is required.")
        email = self.normalize_email(email) if email else None
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. The e-mail is the login and is never shown to other people;
    everyone else sees the profile's pseudonym.

    Accounts made at the centre's desk for residents without e-mail log in with
    their login name instead; every account gets one, generated, never shown."""

    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    username = models.CharField(
        _("login name"), max_length=40, unique=True, null=True, blank=True
    )
    must_change_password = models.BooleanField(
        _("must change password at next login"), default=False
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    # The people who host the platform: they create organisations and invite
    # their first coordinators (manage.py create_operator).
    is_operator = models.BooleanField(_("site operator"), default=False)
    # Set when the account was erased at its owner's request: what they did for
    # others stays, shown as from "a former member".
    erased_at = models.DateTimeField(_("erased on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    language = models.CharField(_("preferred language"), max_length=8, blank=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name other people see: the pseudonym, never the e-mail."""
        if self.erased_at is not None:
            return _("a former member")
        profile = getattr(self, "profile", None)
        if profile is not None:
            return profile.pseudonym
        return _("Member %(number)s") % {"number": self.pk}


def tag_label(item) -> str:
    """A keyword as its author typed it ("Vélo"). The tag itself is shared
    whatever its case (TAGGIT_CASE_INSENSITIVE) and spelt as the first person
    who ever typed it, so each join row keeps its own `label`; a row written
    before labels existed, or not by the services, shows the tag's name."""
    return item.label or item.tag.name


class TaggedInterest(TaggedItemBase):
    content_object = models.ForeignKey(
        "Profile", on_delete=models.CASCADE, related_name="interest_items"
    )
    label = models.CharField(_("as typed"), max_length=TAG_LABEL_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")


class TaggedSkill(TaggedItemBase):
    content_object = models.ForeignKey(
        "Profile", on_delete=models.CASCADE, related_name="skill_items"
    )
    label = models.CharField(_("as typed"), max_length=TAG_LABEL_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class Profile(models.Model):
    """What a member tells the neighbourhood about themselves."""

    class AgeGroup(models.TextChoices):
        UNDER_18 = "under_18", _("Under 18")
        FROM_18_TO_25 = "18_25", _("18 to 25")
        FROM_26_TO_59 = "26_59", _("26 to 59")
        FROM_60 = "60_plus", _("60 and over")

    class Moment(models.TextChoices):
        WEEKDAY_MORNINGS = "weekday_mornings", _("Weekday mornings")
        WEEKDAY_AFTERNOONS = "weekday_afternoons", _("Weekday afternoons")
        WEEKDAY_EVENINGS = "weekday_evenings", _("Weekday evenings")
        SATURDAYS = "saturdays", _("Saturdays")
        SUNDAYS = "sundays", _("Sundays")

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=PSEUDONYM_MAX_LENGTH)
    # The pseudonym's look-alike key (community.lookalike.skeleton): two
    # pseudonyms that look the same have the same key, and one of them only
    # may exist. Written with the pseudonym by community.services.
    pseudonym_key = models.CharField(
        _("look-alike key"), max_length=PSEUDONYM_KEY_MAX_LENGTH, db_index=True
    )
    portrait = models.CharField(
        _("portrait"), max_length=PORTRAIT_MAX_LENGTH, blank=True
    )
    interests = TaggableManager(
        verbose_name=_("interests"),
        through=TaggedInterest,
        blank=True,
        related_name="interested_profiles",
    )
    skills = TaggableManager(
        verbose_name=_("skills"),
        through=TaggedSkill,
        blank=True,
        related_name="skilled_profiles",
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, blank=True
    )
    show_age_group = models.BooleanField(_("show my age group"), default=False)
    # A consent apart from showing it: the age group, kept private, is used
    # to suggest exchanges and mentoring between generations.
    age_group_for_matching = models.BooleanField(
        _("use my age group for suggestions"), default=False
    )
    # Hidden by a moderation decision: others no longer see the portrait.
    portrait_hidden = models.BooleanField(
        _("portrait hidden by the moderators"), default=False
    )
    availability = models.JSONField(_("availability"), default=list, blank=True)
    availability_note = models.CharField(
        _("availability details"), max_length=AVAILABILITY_NOTE_MAX_LENGTH, blank=True
    )
    larger_text = models.BooleanField(_("larger text"), default=False)
    reduced_motion = models.BooleanField(_("reduced motion"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.UniqueConstraint(
                Lower("pseudonym"), name="profile_pseudonym_unique_ci"
            ),
        ]

    def __str__(self):
        return self.pseudonym

    def get_absolute_url(self):
        return reverse("profile_detail", kwargs={"pk": self.pk})

    def interest_labels(self) -> list[str]:
        """The interests as the member typed them, from the join rows the
        selectors prefetch (community.selectors.with_keywords)."""
        return [tag_label(item) for item in self.interest_items.all()]

    def skill_labels(self) -> list[str]:
        """The skills as the member typed them (see interest_labels)."""
        return [tag_label(item) for item in self.skill_items.all()]

    def language_labels(self) -> list[str]:
        labels = dict(SPOKEN_LANGUAGES)
        return [str(labels[code]) for code in self.languages if code in labels]

    def availability_labels(self) -> list[str]:
        labels = dict(self.Moment.choices)
        return [str(labels[code]) for code in self.availability if code in labels]


class Block(models.Model):
    """One member no longer wants to deal with another. Silent: the other is
    not told. From then on neither can answer or write to the other, and
    neither sees the other's listings or suggestions."""

    blocker = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("who")
    )
    blocked = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="blocked_by",
        verbose_name=_("blocked member"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")),
                name="block_not_oneself",
            ),
        ]

    def __str__(self):
        return f"{self.blocker} ⊘ {self.blocked}"
