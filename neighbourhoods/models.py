from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import texts

CHARTER_MAX_LENGTH = 10000
REASON_MAX_LENGTH = 500
NEIGHBOURHOOD_DESCRIPTION_MAX_LENGTH = 2000
POSTCODES_MAX_LENGTH = 200
WELCOME_ADDRESS_MAX_LENGTH = 250
OPENING_HOURS_MAX_LENGTH = 300
# An organisation's logo, printed on its cards and posters: a small picture.
LOGO_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]
LOGO_MAX_BYTES = 500_000
# How long an invitation to coordinate an organisation may be used.
COORDINATOR_INVITATION_DAYS = 30
# The longest suspension a moderator may give, in days.
MAX_SUSPENSION_DAYS = 365
# Letters and digits that cannot be mistaken for one another when read aloud or
# copied from paper: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
INVITATION_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
INVITATION_LENGTH = 8


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


class CoordinatorInvitation(models.Model):
    """An invitation to coordinate an organisation, sent by e-mail as a link or
    handed over as a printed code; used once."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="coordinator_invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail of the person invited"), blank=True)
    code = models.CharField(_("code"), max_length=INVITATION_LENGTH, unique=True)
    expires_at = models.DateTimeField(_("valid until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation to coordinate")
        verbose_name_plural = _("invitations to coordinate")
        ordering = ["-created_at"]

    def __str__(self):
        return self.display_code

    @property
    def display_code(self):
        half = len(self.code) // 2
        return f"{self.code[:half]}-{self.code[half:]}"

    def is_usable(self, *, now=None):
        now = now or timezone.now()
        return self.accepted_at is None and self.expires_at > now


class Charter(models.Model):
    """One version of a neighbourhood's rules, written by its coordinators. Old
    versions are kept: a member's acceptance names the version they read."""

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="charters",
        verbose_name=_("neighbourhood"),
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), max_length=CHARTER_MAX_LENGTH)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("charter")
        verbose_name_plural = _("charters")
        ordering = ["neighbourhood", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "version"], name="charter_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.neighbourhood} v{self.version}"


class InvitationCode(models.Model):
    """A code handed out on paper; joining with it skips approval."""

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="invitation_codes",
        verbose_name=_("neighbourhood"),
    )
    code = models.CharField(_("code"), max_length=INVITATION_LENGTH, unique=True)
    max_uses = models.PositiveIntegerField(_("number of uses"))
    uses = models.PositiveIntegerField(_("times used"), default=0)
    expires_at = models.DateTimeField(_("valid until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(uses__lte=models.F("max_uses")),
                name="invitation_uses_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(max_uses__gte=1), name="invitation_at_least_one_use"
            ),
        ]

    def __str__(self):
        return self.display_code

    @property
    def display_code(self):
        """ABCD-EFGH: two groups of four are easier to read aloud and copy."""
        half = len(self.code) // 2
        return f"{self.code[:half]}-{self.code[half:]}"

    def is_usable(self, *, now=None):
        now = now or timezone.now()
        return (
            self.revoked_at is None
            and self.uses < self.max_uses
            and (self.expires_at > now)
        )


class Membership(models.Model):
    """A person's place in a neighbourhood: their role, and where their request,
    suspension or departure stands."""

    class Role(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        VOLUNTEER = "volunteer", _("Volunteer")
        MODERATOR = "moderator", _("Moderator")
        COORDINATOR = "coordinator", _("Coordinator")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Member")
        SUSPENDED = "suspended", _("Suspended")
        BANNED = "banned", _("Banned")
        LEFT = "left", _("Left")
        DECLINED = "declined", _("Request declined")

    class Via(models.TextChoices):
        OPEN = "open", _("Open neighbourhood")
        APPROVAL = "approval", _("Approved request")
        CODE = "code", _("Invitation code")
        DESK = "desk", _("Registered at the desk")
        APPOINTED = "appointed", _("Appointed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("member"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("neighbourhood"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=Role.choices, default=Role.RESIDENT
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    status_reason = models.CharField(
        _("reason given to the member"), max_length=REASON_MAX_LENGTH, blank=True
    )
    joined_via = models.CharField(
        _("joined via"), max_length=10, choices=Via.choices, blank=True
    )
    invitation = models.ForeignKey(
        InvitationCode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("invitation code"),
    )
    charter_version_accepted = models.PositiveIntegerField(
        _("charter version accepted"), default=0
    )
    charter_accepted_at = models.DateTimeField(
        _("charter accepted on"), null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or declined by"),
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "neighbourhood"], name="membership_once_per_place"
            ),
            models.CheckConstraint(
                condition=~Q(status="suspended") | Q(suspended_until__isnull=False),
                name="membership_suspension_has_an_end",
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.neighbourhood}"


class AssistanceConsent(models.Model):
    """A resident's consent, given at the desk, that the neighbourhood's
    moderators act for them while they are present. Withdrawn at any time."""

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assistance_consents",
        verbose_name=_("resident"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="assistance_consents",
        verbose_name=_("neighbourhood"),
    )
    purpose = models.CharField(_("what for"), max_length=REASON_MAX_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    given_at = models.DateTimeField(_("given on"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent to be helped")
        verbose_name_plural = _("consents to be helped")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "neighbourhood"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_live_consent_per_place",
            )
        ]

    def __str__(self):
        return f"{self.resident} @ {self.neighbourhood}"


class JournalIsAppendOnly(Exception):
    """Raised by any attempt to change or delete what the journal recorded."""


class AppendOnlyQuerySet(models.QuerySet):
    """The journal's entries are added, never changed nor deleted, by any page
    or service. (Only the database itself, when a whole neighbourhood or account
    is removed, takes its entries along.)"""

    def update(self, **kwargs):
        raise JournalIsAppendOnly(_("Journal entries cannot be changed."))

    def delete(self):
        raise JournalIsAppendOnly(_("Journal entries cannot be deleted."))


class JournalEntry(models.Model):
    """What moderators and coordinators did, and what was done for a resident:
    who, when, what, on whom, why. Entries are only ever added."""

    class Action(models.TextChoices):
        MEMBER_APPROVED = "member_approved", _("approved a membership request")
        MEMBER_DECLINED = "member_declined", _("declined a membership request")
        ROLE_CHANGED = "role_changed", _("changed a role")
        CODE_CREATED = "code_created", _("created an invitation code")
        CODE_REVOKED = "code_revoked", _("withdrew an invitation code")
        NEIGHBOURHOOD_EDITED = "neighbourhood_edited", _("edited the neighbourhood")
        CHARTER_PUBLISHED = "charter_published", _("published a new charter")
        ACCOUNT_CREATED = "account_created", _("created an account at the desk")
        CONSENT_RECORDED = "consent_recorded", _("recorded a consent to be helped")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("consent to be helped withdrawn")
        ACTED_FOR = "acted_for", _("acted for a resident")
        CASE_DISMISSED = "case_dismissed", _("dismissed a report")
        CONTENT_HIDDEN = "content_hidden", _("hid content")
        CONTENT_SHOWN = "content_shown", _("showed content again")
        MEMBER_WARNED = "member_warned", _("warned a member")
        MEMBER_SUSPENDED = "member_suspended", _("suspended a member")
        MEMBER_BANNED = "member_banned", _("banned a member")
        SANCTION_LIFTED = "sanction_lifted", _("lifted a suspension or ban")
        WATCHLIST_CHANGED = "watchlist_changed", _("changed the watch list")
        WORKSHOP_APPROVED = "workshop_approved", _("approved a workshop")
        WORKSHOP_DECLINED = "workshop_declined", _("declined a workshop")
        SESSION_CANCELLED = "session_cancelled", _("cancelled a session")
        SESSION_MOVED = "session_moved", _("moved a session")
        ATTENDANCE_TAKEN = "attendance_taken", _("took the attendance")
        PLACE_EDITED = "place_edited", _("edited a place")
        EVENT_EDITED = "event_edited", _("edited an event")
        ORGANISATION_CREATED = "organisation_created", _("created the organisation")
        ORGANISATION_EDITED = "organisation_edited", _("edited the organisation")
        COORDINATOR_INVITED = "coordinator_invited", _("invited a coordinator")
        COORDINATOR_JOINED = "coordinator_joined", _("became a coordinator")
        NEIGHBOURHOOD_CREATED = "neighbourhood_created", _("created the neighbourhood")
        ACCOUNT_ERASED = "account_erased", _("a member's account was erased")
        ERASURE_REQUESTED = "erasure_requested", _("asked to delete an account")
        PAIR_PROPOSED = "pair_proposed", _("proposed a mentoring pair")
        PAIR_APPROVED = "pair_approved", _("approved a mentoring pair")
        PAIR_DECLINED = "pair_declined", _("declined a mentoring pair")
        GUARDIAN_CONSENT = "guardian_consent", _("recorded a guardian's consent")
        GUARDIAN_WITHDRAWN = "guardian_withdrawn", _("withdrew a guardian's consent")
        CARE_MARKED = "care_marked", _("marked a member as needing care")
        CARE_LIFTED = "care_lifted", _("lifted a needs-care mark")
        SAFETY_HANDLED = "safety_handled", _("handled a safety report")

    # Acts on an organisation itself (its creation, its coordinators) have no
    # neighbourhood; acts in a neighbourhood name its organisation too.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="journal",
        verbose_name=_("organisation"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="journal",
        verbose_name=_("neighbourhood"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entries_about",
        verbose_name=_("on whom"),
    )
    action = models.CharField(_("what"), max_length=24, choices=Action.choices)
    # Free words (a reason), or the words of `message` in the writer's
    # language of then, shown only when the message is unknown.
    details = models.CharField(_("details"), max_length=REASON_MAX_LENGTH, blank=True)
    # What the details say (a key of `notifications.texts.TEXTS`) and their
    # parameters: written in the reader's language, on the page and in the
    # spreadsheet.
    message = models.CharField(_("message"), max_length=40, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    case = models.ForeignKey(
        "moderation.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal",
        verbose_name=_("moderation case"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["neighbourhood", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.actor} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise JournalIsAppendOnly(_("A journal entry cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalIsAppendOnly(_("A journal entry cannot be deleted."))

    def said(self) -> str:
        """The details, in the active language."""
        return texts.render(self.message, self.params, fallback=self.details)
