"""The append-only journal of what moderators and coordinators did."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from notifications import texts

from .memberships import REASON_MAX_LENGTH
from .neighbourhoods import Neighbourhood
from .organisations import Organisation


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
