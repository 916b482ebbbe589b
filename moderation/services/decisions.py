"""Decisions on cases: dismiss, hide or show again, let held content
through, warn, suspend, ban, lift. Every decision needs a reason, is told to
the member concerned (citing the charter) and goes to the neighbourhood's
journal with its case; the first one closes the case and tells the
reporters."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community import selectors as community_selectors
from community import services as community_services
from community.models import User
from community.services import field_error
from exchanges import services as listing_services
from exchanges.models import Listing
from messaging import services as messaging_services
from neighbourhoods import permissions
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import JournalEntry, Membership
from neighbourhoods.permissions import Capability, NotAllowed
from notifications import services as notification_services
from notifications import texts
from notifications.models import Notification

from ..models import DECISION_REASON_MAX_LENGTH, Case
from .reports import check_length


class Action:
    DISMISS = "dismiss"
    HIDE = "hide"
    RELEASE = "release"
    UNHIDE = "unhide"
    WARN = "warn"
    SUSPEND = "suspend"
    BAN = "ban"
    LIFT = "lift"


_JOURNAL = {
    Action.DISMISS: JournalEntry.Action.CASE_DISMISSED,
    Action.HIDE: JournalEntry.Action.CONTENT_HIDDEN,
    Action.RELEASE: JournalEntry.Action.CONTENT_SHOWN,
    Action.UNHIDE: JournalEntry.Action.CONTENT_SHOWN,
    Action.WARN: JournalEntry.Action.MEMBER_WARNED,
    Action.SUSPEND: JournalEntry.Action.MEMBER_SUSPENDED,
    Action.BAN: JournalEntry.Action.MEMBER_BANNED,
    Action.LIFT: JournalEntry.Action.SANCTION_LIFTED,
}

_DECISION = {
    Action.DISMISS: Case.Decision.DISMISSED,
    Action.HIDE: Case.Decision.HIDDEN,
    Action.RELEASE: Case.Decision.RELEASED,
    Action.UNHIDE: Case.Decision.RELEASED,
    Action.WARN: Case.Decision.WARNED,
    Action.SUSPEND: Case.Decision.SUSPENDED,
    Action.BAN: Case.Decision.BANNED,
    Action.LIFT: Case.Decision.LIFTED,
}


def actions_possible(case: Case) -> list[str]:
    """What a moderator can still do on this case."""
    hidden = _is_hidden(case)
    membership = Membership.objects.filter(
        user_id=case.person_id, neighbourhood_id=case.neighbourhood_id
    ).first()
    sanctioned = membership is not None and membership.status in (
        Membership.Status.SUSPENDED,
        Membership.Status.BANNED,
    )
    possible = []
    held_now = case.held and case.status == Case.Status.OPEN
    if case.status == Case.Status.OPEN:
        possible.append(Action.RELEASE if case.held else Action.DISMISS)
    if held_now or not hidden:
        # Held content is out of sight already; hiding it keeps it so for good.
        possible.append(Action.HIDE)
    else:
        possible.append(Action.UNHIDE)
    possible.append(Action.WARN)
    if membership is not None and not sanctioned:
        possible += [Action.SUSPEND, Action.BAN]
    if sanctioned:
        possible.append(Action.LIFT)
    return possible


def _is_hidden(case: Case) -> bool:
    if case.target == Case.Target.LISTING:
        return case.listing.hidden
    if case.target == Case.Target.MESSAGE:
        return case.message.hidden
    return community_selectors.portrait_hidden(user_id=case.person_id)


@transaction.atomic
def decide(
    *, moderator: User, case: Case, action: str, reason: str, days: int | None = None
) -> Case:
    """Act on a case: dismiss it, hide or show its content again, warn the
    member, suspend them for some days, ban them, or lift a sanction. Always
    with a reason; the member is told what was decided and why; the first
    decision closes the case and tells the reporters, in general terms."""

    case = (
        Case.objects.select_for_update().select_related("neighbourhood").get(pk=case.pk)
    )
    permissions.check(moderator, Capability.MODERATE, case.neighbourhood)
    reason = reason.strip()
    if not reason:
        raise field_error(
            "reason",
            _("Give the reason: the member will read it."),
            code="reason_missing",
        )
    check_length("reason", reason, DECISION_REASON_MAX_LENGTH)
    if action not in actions_possible(case):
        raise ValidationError(
            _("This is not possible on this case now."), code="not_possible"
        )
    if case.person_id == moderator.pk:
        raise NotAllowed(_("Another moderator must decide on what concerns you."))
    said = {"details": reason}
    if action in (Action.HIDE, Action.UNHIDE, Action.RELEASE):
        _show(case, visible=action != Action.HIDE)
    elif action in (Action.SUSPEND, Action.BAN, Action.LIFT):
        days = neighbourhood_services.sanction_member(
            moderator=moderator,
            person=case.person,
            neighbourhood=case.neighbourhood,
            status=_SANCTION_STATUS[action],
            reason=reason,
            days=days,
        )
        if days:
            said = {
                "message": "journal.sanction",
                "params": {"days": days, "reason": reason},
            }
    first_decision = case.status == Case.Status.OPEN
    case.decision = _DECISION[action]
    case.decision_reason = reason
    case.decided_by = moderator
    if first_decision:
        case.status = Case.Status.CLOSED
        case.closed_at = timezone.now()
    case.save(
        update_fields=[
            "decision",
            "decision_reason",
            "decided_by",
            "status",
            "closed_at",
        ]
    )
    neighbourhood_services.write_journal(
        neighbourhood=case.neighbourhood,
        actor=moderator,
        subject=case.person,
        action=_JOURNAL[action],
        case=case,
        **said,
    )
    _tell_the_person(case, action, reason, days)
    if first_decision:
        _tell_the_reporters(case, action)
    return case


@transaction.atomic
def hide_listing(
    *, moderator: User, listing: Listing, reason: str, hidden: bool = True
) -> Listing:
    """A moderator hides a listing (or shows it again) without waiting for a
    report: it goes through a case like any decision, with its reason, the
    author told and the journal written."""
    action = Action.HIDE if hidden else Action.UNHIDE
    permissions.check(moderator, Capability.MODERATE, listing.neighbourhood)
    cases = Case.objects.filter(target=Case.Target.LISTING, listing=listing)
    case = cases.filter(status=Case.Status.OPEN).first()
    if case is None and action == Action.UNHIDE:
        # Shown again on the case that hid it.
        case = cases.order_by("-pk").first()
    if case is None:
        case = Case.objects.create(
            neighbourhood=listing.neighbourhood,
            target=Case.Target.LISTING,
            listing=listing,
            person=listing.author,
        )
    decide(moderator=moderator, case=case, action=action, reason=reason)
    listing.refresh_from_db()
    return listing


def _show(case: Case, *, visible: bool) -> None:
    """Show the case's content or take it out of sight, through the services
    of the app that owns it."""
    if case.target == Case.Target.LISTING:
        listing_services.set_listing_visibility(listing=case.listing, visible=visible)
    elif case.target == Case.Target.PROFILE:
        community_services.set_portrait_hidden(user=case.person, hidden=not visible)
    else:
        messaging_services.set_message_visibility(message=case.message, visible=visible)


_SANCTION_STATUS = {
    Action.SUSPEND: Membership.Status.SUSPENDED,
    Action.BAN: Membership.Status.BANNED,
    Action.LIFT: Membership.Status.ACTIVE,
}


def _what(case: Case) -> dict:
    if case.target == Case.Target.LISTING:
        return texts.ref("about.listing", title=case.listing.title)
    if case.target == Case.Target.MESSAGE:
        return texts.ref("about.message", text=case.message.text[:60])
    return texts.ref("about.profile")


def _tell_the_person(case: Case, action: str, reason: str, days) -> None:
    neighbourhood = case.neighbourhood

    said = texts.ref(f"decision.{action}", what=_what(case), days=days or 0)
    notification_services.notify(
        user=case.person,
        kind=Notification.Kind.MODERATION,
        message="decision",
        params={
            "name": neighbourhood.name,
            "said": said,
            "reason": reason.rstrip(". "),
        },
        url=reverse("charter_accept", kwargs={"slug": neighbourhood.slug}),
        key=f"case:{case.pk}:{action}:{timezone.now().isoformat()}",
    )


def _tell_the_reporters(case: Case, action: str) -> None:
    reporters = User.objects.filter(reports_made__case=case).distinct()
    acted = action != Action.DISMISS
    neighbourhood = case.neighbourhood

    notification_services.notify_many(
        users=reporters,
        kind=Notification.Kind.MODERATION,
        message="report.acted" if acted else "report.dismissed",
        params={"name": neighbourhood.name},
        key=f"case:{case.pk}:outcome",
    )
