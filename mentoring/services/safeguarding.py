"""The safeguards: a guardian's consent for members under 18, the staff's
"needs care" mark, the neighbourhood's settings, and "I am uncomfortable"."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import User
from neighbourhoods import permissions as neighbourhood_permissions
from neighbourhoods.models import JournalEntry, Neighbourhood
from neighbourhoods.permissions import Capability
from neighbourhoods.services import write_journal

from .. import permissions
from ..models import (
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    CareMark,
    GuardianConsent,
    MentoringSettings,
    Pair,
    SafetyReport,
)
from ._common import email_now_on_commit, pair_url, staff_of, tell_on_commit
from .pairs import _check_length, advance_waiting_pairs


def _check_member(member: User, neighbourhood: Neighbourhood) -> None:
    membership = neighbourhood_permissions.membership_of(member, neighbourhood)
    if not neighbourhood_permissions.allows(membership, Capability.SEE):
        raise ValidationError(
            _("This person is not a member of the neighbourhood."), code="not_member"
        )


@transaction.atomic
def record_guardian_consent(
    *,
    by: User,
    member: User,
    neighbourhood: Neighbourhood,
    guardian_name: str,
    how: str,
    given_on: datetime.date,
) -> GuardianConsent:
    """An animateur records at the desk that a minor's guardian consents to
    mentoring (who, when, how); the minor's pairs waiting for it move on."""
    permissions.check_follow(by, neighbourhood)
    _check_member(member, neighbourhood)
    guardian_name = guardian_name.strip()
    if not guardian_name:
        raise ValidationError(
            {"guardian_name": _("Write the guardian's name.")}, code="required"
        )
    _check_length("guardian_name", guardian_name, NAME_MAX_LENGTH)
    if how not in GuardianConsent.How.values:
        raise ValidationError({"how": _("Say how it was given.")}, code="invalid")
    if permissions.has_guardian_consent(member, neighbourhood):
        raise ValidationError(
            _("A guardian's consent is already recorded."), code="already"
        )
    consent = GuardianConsent.objects.create(
        member=member,
        neighbourhood=neighbourhood,
        guardian_name=guardian_name,
        how=how,
        given_on=given_on,
        recorded_by=by,
    )
    write_journal(
        neighbourhood=neighbourhood,
        actor=by,
        subject=member,
        action=JournalEntry.Action.GUARDIAN_CONSENT,
        details=f"{guardian_name} ({consent.get_how_display()}, {given_on})",
    )
    advance_waiting_pairs(member=member, neighbourhood=neighbourhood)
    return consent


@transaction.atomic
def withdraw_guardian_consent(
    *, by: User, member: User, neighbourhood: Neighbourhood
) -> None:
    """The guardian withdrew their consent: recorded by an animateur; the
    minor's live pairs are paused."""
    permissions.check_follow(by, neighbourhood)
    updated = GuardianConsent.objects.filter(
        member=member, neighbourhood=neighbourhood, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    if not updated:
        raise ValidationError(_("There is no consent to withdraw."), code="none")
    for pair in Pair.objects.filter(
        neighbourhood=neighbourhood, state=Pair.State.ACTIVE
    ):
        if member.pk in pair.sides():
            pair.state = Pair.State.PAUSED
            pair.save(update_fields=["state", "updated_at"])
    write_journal(
        neighbourhood=neighbourhood,
        actor=by,
        subject=member,
        action=JournalEntry.Action.GUARDIAN_WITHDRAWN,
    )


@transaction.atomic
def mark_needs_care(
    *, by: User, member: User, neighbourhood: Neighbourhood, note: str
) -> CareMark:
    """The staff mark a member as needing care (a private note): their pairs
    are approved by a moderator first."""
    permissions.check_follow(by, neighbourhood)
    _check_member(member, neighbourhood)
    note = note.strip()
    _check_length("note", note, TEXT_MAX_LENGTH)
    if permissions.needs_care(member, neighbourhood):
        raise ValidationError(_("This member is already marked."), code="already")
    mark = CareMark.objects.create(
        member=member, neighbourhood=neighbourhood, marked_by=by, note=note
    )
    write_journal(
        neighbourhood=neighbourhood,
        actor=by,
        subject=member,
        action=JournalEntry.Action.CARE_MARKED,
    )
    return mark


@transaction.atomic
def lift_needs_care(*, by: User, member: User, neighbourhood: Neighbourhood) -> None:
    permissions.check_follow(by, neighbourhood)
    updated = CareMark.objects.filter(
        member=member, neighbourhood=neighbourhood, lifted_at__isnull=True
    ).update(lifted_at=timezone.now())
    if not updated:
        raise ValidationError(_("This member is not marked."), code="none")
    write_journal(
        neighbourhood=neighbourhood,
        actor=by,
        subject=member,
        action=JournalEntry.Action.CARE_LIFTED,
    )


@transaction.atomic
def save_settings(
    *,
    by: User,
    neighbourhood: Neighbourhood,
    approval_required: bool,
    first_meeting_at_centre: bool,
    quiet_after_days: int,
) -> MentoringSettings:
    """The neighbourhood's moderators choose how its pairs are run."""
    permissions.check_follow(by, neighbourhood)
    if not 1 <= quiet_after_days <= 365:
        raise ValidationError(
            {"quiet_after_days": _("Between 1 and 365 days.")}, code="range"
        )
    found, _created = MentoringSettings.objects.update_or_create(
        neighbourhood=neighbourhood,
        defaults={
            "approval_required": approval_required,
            "first_meeting_at_centre": first_meeting_at_centre,
            "quiet_after_days": quiet_after_days,
        },
    )
    write_journal(
        neighbourhood=neighbourhood,
        actor=by,
        action=JournalEntry.Action.NEIGHBOURHOOD_EDITED,
        details=_("mentoring settings"),
    )
    return found


@transaction.atomic
def say_uncomfortable(*, by: User, pair: Pair, text: str = "") -> SafetyReport:
    """A side of the pair is uncomfortable: the report goes at once to the
    neighbourhood's moderators (live, and by e-mail whatever their settings),
    the pair is paused, and the person is told what happens next."""
    permissions.check_say_uncomfortable(by, pair)
    text = text.strip()
    _check_length("text", text, TEXT_MAX_LENGTH)
    report = SafetyReport.objects.create(
        neighbourhood=pair.neighbourhood, pair=pair, reporter=by, text=text
    )
    if pair.state in (*Pair.LIVE, *Pair.OPEN):
        pair.state = (
            Pair.State.PAUSED if pair.state in Pair.LIVE else Pair.State.DECLINED
        )
        pair.save(update_fields=["state", "updated_at"])
    moderators = staff_of(pair.neighbourhood, besides=pair.sides())
    url = reverse("mentoring:safety")
    words = {"name": str(by.display_name), "place": pair.neighbourhood.name}
    tell_on_commit(
        users=moderators,
        message="mentoring.safety",
        params=words,
        url=url,
        key=f"safety:{report.pk}",
        safety=True,
    )
    email_now_on_commit(
        users=moderators,
        subject=lambda: _("Safety report in mentoring: please look at it now"),
        body=lambda: (
            _(
                "%(name)s says they are uncomfortable in a mentoring pair of "
                "%(place)s. The pair is paused. The report is first in the "
                "moderators' safety page of mentoring."
            )
            % words
        ),
    )
    tell_on_commit(
        users=[by],
        message="mentoring.safety_reporter",
        params=words,
        url=pair_url(pair),
        key=f"safety:{report.pk}:reporter",
        safety=True,
    )
    return report


@transaction.atomic
def handle_safety_report(
    *, by: User, report: SafetyReport, note: str, resume: bool
) -> SafetyReport:
    """A moderator writes what they did about a report; the pair resumes if
    they judge it right, or stays paused."""
    permissions.check_follow(by, report.neighbourhood)
    if permissions.is_side(by, report.pair):
        raise neighbourhood_permissions.NotAllowed(
            _("Another moderator handles a report about a pair you are part of.")
        )
    if report.handled_at is not None:
        raise ValidationError(_("This report is already handled."), code="handled")
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Say what you did.")}, code="required")
    _check_length("note", note, TEXT_MAX_LENGTH)
    report.handled_by = by
    report.handled_at = timezone.now()
    report.handling_note = note
    report.save(update_fields=["handled_by", "handled_at", "handling_note"])
    pair = report.pair
    if resume and pair.state == Pair.State.PAUSED:
        pair.state = Pair.State.ACTIVE
        pair.save(update_fields=["state", "updated_at"])
    write_journal(
        neighbourhood=report.neighbourhood,
        actor=by,
        subject=report.reporter,
        action=JournalEntry.Action.SAFETY_HANDLED,
        details=note,
    )
    return report
