from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from neighbourhoods.models import REASON_MAX_LENGTH

REPORT_TEXT_MAX_LENGTH = 1000
WATCHED_WORD_MAX_LENGTH = 60
# A decision's reason is kept in the journal too: the journal's limit.
DECISION_REASON_MAX_LENGTH = REASON_MAX_LENGTH


class Case(models.Model):
    """Something of a neighbourhood its moderators must look at: a listing, a
    message or a profile, reported by members (several reports of the same
    thing make one case) or held by the watch list. A case is decided once,
    with a reason, and closes; content hidden by a decision may be shown again
    later, a sanction lifted, each with a reason too."""

    class Target(models.TextChoices):
        LISTING = "listing", _("Listing")
        MESSAGE = "message", _("Message")
        PROFILE = "profile", _("Profile")

    class Reason(models.TextChoices):
        SAFETY = "safety", _("Safety concern for a person")
        HARASSMENT = "harassment", _("Harassment or insult")
        INAPPROPRIATE = "inappropriate", _("Inappropriate content")
        SPAM = "spam", _("Spam or advertising")
        OTHER = "other", _("Other")
        WATCHLIST = "watchlist", _("A word of the watch list")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Decision(models.TextChoices):
        DISMISSED = "dismissed", _("Dismissed: nothing against the charter")
        HIDDEN = "hidden", _("Content hidden")
        RELEASED = "released", _("Released: shown to everyone")
        WARNED = "warned", _("Warning sent")
        SUSPENDED = "suspended", _("Membership suspended")
        BANNED = "banned", _("Banned from the neighbourhood")
        LIFTED = "lifted", _("Suspension or ban lifted")

    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        related_name="cases",
        verbose_name=_("neighbourhood"),
    )
    target = models.CharField(_("what"), max_length=8, choices=Target.choices)
    listing = models.ForeignKey(
        "exchanges.Listing",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("listing"),
    )
    message = models.ForeignKey(
        "messaging.Message",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("message"),
    )
    # The member concerned: the author of the listing or message, or the
    # member whose profile it is.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cases_about",
        verbose_name=_("member concerned"),
    )
    severity = models.PositiveSmallIntegerField(_("seriousness"), default=1)
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.OPEN
    )
    held = models.BooleanField(_("held by the watch list"), default=False)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, blank=True
    )
    decision_reason = models.CharField(
        _("reason of the decision"), max_length=DECISION_REASON_MAX_LENGTH, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("moderation case")
        verbose_name_plural = _("moderation cases")
        ordering = ["-severity", "opened_at", "pk"]
        indexes = [
            models.Index(fields=["neighbourhood", "status"], name="case_queue"),
            models.Index(fields=["neighbourhood", "opened_at"], name="case_opened"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["listing"],
                condition=Q(status="open", target="listing"),
                name="one_open_case_per_listing",
            ),
            models.UniqueConstraint(
                fields=["message"],
                condition=Q(status="open", target="message"),
                name="one_open_case_per_message",
            ),
            models.UniqueConstraint(
                fields=["neighbourhood", "person"],
                condition=Q(status="open", target="profile"),
                name="one_open_case_per_profile",
            ),
        ]

    def __str__(self):
        return f"{self.get_target_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse(
            "moderation_case",
            kwargs={"slug": self.neighbourhood.slug, "pk": self.pk},
        )


# How serious each reason is: the queue shows the most serious first.
SEVERITY = {
    Case.Reason.SAFETY: 4,
    Case.Reason.HARASSMENT: 3,
    Case.Reason.INAPPROPRIATE: 2,
    Case.Reason.SPAM: 1,
    Case.Reason.OTHER: 1,
    Case.Reason.WATCHLIST: 1,
}


class Report(models.Model):
    """One member's report, part of a case."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="reports", verbose_name=_("case")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_made",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=14, choices=Case.Reason.choices)
    text = models.TextField(_("what happened"), max_length=REPORT_TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "reporter"], name="one_report_per_member_per_case"
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.case})"


class WatchedWord(models.Model):
    """A word that holds new listings and messages of a neighbourhood for review."""

    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        related_name="watched_words",
        verbose_name=_("neighbourhood"),
    )
    word = models.CharField(_("word or expression"), max_length=WATCHED_WORD_MAX_LENGTH)

    class Meta:
        verbose_name = _("watched word")
        verbose_name_plural = _("watch list")
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "word"], name="watched_word_once"
            )
        ]

    def __str__(self):
        return self.word
