"""Mentoring pairs (a "binôme") between members of one neighbourhood: who
mentors whom and for what, their meetings and what each one wrote after, and
the safeguards around them (a guardian's consent for the young, the staff's
"needs care" mark, the neighbourhood's own settings, the safety reports)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PURPOSE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 1000
CONTACT_MAX_LENGTH = 200
NAME_MAX_LENGTH = 120
# A pair with no meeting held for this long shows on the animateur's page.
QUIET_AFTER_DAYS = 21
# A check-in is due after the first meeting, then every this many days.
CHECK_IN_EVERY = datetime.timedelta(days=30)
MAX_DURATION = datetime.timedelta(hours=8)


def _user(related_name, verbose_name, **options):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=options.pop("on_delete", models.CASCADE),
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


def _neighbourhood(related_name):
    return models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("neighbourhood"),
    )


class MentoringSettings(models.Model):
    """How a neighbourhood wants its pairs to be run."""

    neighbourhood = models.OneToOneField(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        related_name="mentoring_settings",
        verbose_name=_("neighbourhood"),
    )
    approval_required = models.BooleanField(
        _("a moderator approves every pair"), default=True
    )
    first_meeting_at_centre = models.BooleanField(
        _("the first meeting is held at the centre"), default=False
    )
    quiet_after_days = models.PositiveSmallIntegerField(
        _("days without a meeting before the staff are shown a pair"),
        default=QUIET_AFTER_DAYS,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mentoring settings")
        verbose_name_plural = _("mentoring settings")

    def __str__(self):
        return str(self.neighbourhood)


class GuardianConsent(models.Model):
    """A parent's or guardian's consent that a member under 18 takes part in
    mentoring, recorded at the desk by an animateur."""

    class How(models.TextChoices):
        IN_PERSON = "in_person", _("In person at the desk")
        SIGNED_FORM = "signed_form", _("Signed form brought to the desk")
        PHONE = "phone", _("By telephone, called back by the staff")

    member = _user("guardian_consents", _("member"))
    neighbourhood = _neighbourhood("guardian_consents")
    guardian_name = models.CharField(_("guardian"), max_length=NAME_MAX_LENGTH)
    how = models.CharField(_("how it was given"), max_length=12, choices=How.choices)
    given_on = models.DateField(_("given on"))
    recorded_by = _user("+", _("recorded by"), on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("guardian's consent")
        verbose_name_plural = _("guardians' consents")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "neighbourhood"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_live_guardian_consent",
            )
        ]

    def __str__(self):
        return f"{self.member} ({self.guardian_name})"


class CareMark(models.Model):
    """The staff's private mark that a member needs care: any pair they are
    in is approved by a moderator first."""

    member = _user("care_marks", _("member"))
    neighbourhood = _neighbourhood("care_marks")
    marked_by = _user("+", _("marked by"), on_delete=models.SET_NULL, null=True)
    note = models.CharField(_("note for the staff"), max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("marked"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("needs care")
        verbose_name_plural = _("needs care")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "neighbourhood"],
                condition=Q(lifted_at__isnull=True),
                name="one_live_care_mark",
            )
        ]

    def __str__(self):
        return str(self.member)


class Pair(models.Model):
    """A mentor and a mentee of one neighbourhood, for a stated purpose."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, waiting for an answer")
        ACCEPTED = "accepted", _("Accepted, waiting for a guardian's consent")
        AWAITING_APPROVAL = "awaiting", _("Waiting for a moderator's approval")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")
        HANDED_OVER = "handed_over", _("Handed over to another mentor")
        DECLINED = "declined", _("Declined")

    LIVE = (State.ACTIVE, State.PAUSED)
    OPEN = (State.PROPOSED, State.ACCEPTED, State.AWAITING_APPROVAL, *LIVE)

    neighbourhood = _neighbourhood("mentoring_pairs")
    mentor = _user("pairs_as_mentor", _("mentor"))
    mentee = _user("pairs_as_mentee", _("mentee"))
    purpose = models.CharField(_("purpose"), max_length=PURPOSE_MAX_LENGTH)
    proposed_by = _user("+", _("proposed by"), on_delete=models.SET_NULL, null=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PROPOSED
    )
    mentor_accepted_at = models.DateTimeField(_("mentor accepted"), null=True)
    mentee_accepted_at = models.DateTimeField(_("mentee accepted"), null=True)
    approved_by = _user("+", _("approved by"), on_delete=models.SET_NULL, null=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    closing_word = models.CharField(
        _("closing word"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    thanked = models.BooleanField(_("thanked"), default=False)
    # The pair that carries on with another mentor after a hand-over.
    continued_by = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continues",
        verbose_name=_("continued by"),
    )
    # What each side chose to share beyond the chat (a phone number...),
    # shown to the other once the safeguards allow.
    mentor_contact = models.CharField(
        _("mentor's contact"), max_length=CONTACT_MAX_LENGTH, blank=True
    )
    mentee_contact = models.CharField(
        _("mentee's contact"), max_length=CONTACT_MAX_LENGTH, blank=True
    )
    staff_note = models.TextField(_("private note of the staff"), blank=True)
    last_check_in_at = models.DateTimeField(_("last check-in"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="pair_of_two_people"
            ),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.mentee}: {self.purpose}"

    def get_absolute_url(self):
        return reverse("mentoring:pair", kwargs={"pk": self.pk})

    def sides(self) -> tuple[int, int]:
        return (self.mentor_id, self.mentee_id)

    def other_side(self, user):
        return self.mentee if user.pk == self.mentor_id else self.mentor


class Meeting(models.Model):
    """A meeting a pair planned, and whether it was held."""

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("pair")
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration = models.DurationField(_("duration"), default=datetime.timedelta(hours=1))
    place = models.ForeignKey(
        "workshops.Place",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentoring_meetings",
        verbose_name=_("place"),
    )
    planned_by = _user("+", _("planned by"), on_delete=models.SET_NULL, null=True)
    held_at = models.DateTimeField(_("marked as held"), null=True, blank=True)
    # The animateur who saw the pair meet at the centre.
    animateur_present = _user(
        "+", _("animateur present"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration__gt=datetime.timedelta(0)),
                name="meeting_takes_time",
            ),
        ]

    def __str__(self):
        return f"{self.pair_id} @ {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)


class Log(models.Model):
    """What one side wrote after a meeting: what was done, what they learnt."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="logs",
        verbose_name=_("meeting"),
    )
    author = _user("mentoring_logs", _("written by"))
    done = models.CharField(_("what we did"), max_length=TEXT_MAX_LENGTH)
    learnt = models.CharField(
        _("what I learnt"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting log")
        verbose_name_plural = _("meeting logs")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "author"], name="one_log_per_side_per_meeting"
            )
        ]

    def __str__(self):
        return self.done[:40]


class SafetyReport(models.Model):
    """ "I am uncomfortable": said by a side of a pair, seen at once by the
    neighbourhood's moderators, first in their queue."""

    neighbourhood = _neighbourhood("mentoring_safety_reports")
    pair = models.ForeignKey(
        Pair,
        on_delete=models.CASCADE,
        related_name="safety_reports",
        verbose_name=_("pair"),
    )
    reporter = _user("mentoring_safety_reports", _("said by"))
    text = models.CharField(_("what happened"), max_length=TEXT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("said on"), auto_now_add=True)
    handled_by = _user("+", _("handled by"), on_delete=models.SET_NULL, null=True)
    handled_at = models.DateTimeField(_("handled on"), null=True, blank=True)
    handling_note = models.CharField(
        _("what the staff did"), max_length=TEXT_MAX_LENGTH, blank=True
    )

    class Meta:
        verbose_name = _("safety report")
        verbose_name_plural = _("safety reports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reporter} ({self.created_at:%Y-%m-%d})"


CODE_LENGTH = 10
HOLDER_NAME_MAX_LENGTH = 120


class Attestation(models.Model):
    """An attestation a member downloaded, kept as it was issued so that its
    verification code shows the same figures to whoever checks it."""

    class Kind(models.TextChoices):
        VOLUNTEERING = "volunteering", _("Volunteering attestation")
        SKILLS = "skills", _("Attestation of skills worked on")

    member = _user("attestations", _("member"))
    neighbourhood = _neighbourhood("attestations")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    holder_name = models.CharField(
        _("name on the attestation"), max_length=HOLDER_NAME_MAX_LENGTH
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    # What the attestation says, in the words of the day it was issued.
    content = models.JSONField(_("content"), default=dict)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="attestation_period_in_order",
            )
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("mentoring:attestation", kwargs={"code": self.code})
