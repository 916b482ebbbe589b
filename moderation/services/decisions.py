"""Writes of moderation: reports, decisions on cases, the watch list. Every
decision needs a reason, is told to the member concerned (citing the charter)
and goes to the neighbourhood's journal with its case."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community import selectors as community_selectors
from community import services as community_services
from community.models import User
from community.services import field_error
from exchanges import selectors as listing_selectors
from exchanges import services as listing_services
from exchanges.models import Listing
from messaging import services as messaging_services
from messaging.models import Message
from neighbourhoods import permissions
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import JournalEntry, Membership, Neighbourhood
from neighbourhoods.permissions import Capability, NotAllowed
from notifications import services as notification_services
from notifications.models import Notification

from . import selectors
from .models import (
    DECISION_REASON_MAX_LENGTH,
    REPORT_TEXT_MAX_LENGTH,
    SEVERITY,
    WATCHED_WORD_MAX_LENGTH,
    Case,
    Report,
    WatchedWord,
)

MAX_WATCHED_WORDS = 200


# Reports


@transaction.atomic
def report(
    *,
    reporter: User,
    reason: str,
    text: str = "",
    listing: Listing | None = None,
    message: Message | None = None,
    person: User | None = None,
    neighbourhood: Neighbourhood | None = None,
) -> Report:
    """A member reports a listing, a message, or a member's profile (in a
    neighbourhood they share). Several reports of the same thing make one
    case; the same member reports it once. The reporter gets an
    acknowledgement."""

    if reason not in Case.Reason.values or reason == Case.Reason.WATCHLIST:
        raise field_error("reason", _("Choose what is wrong."), code="reason_missing")
    text = text.strip()
    _check_length("text", text, REPORT_TEXT_MAX_LENGTH)
    target, neighbourhood, person = _target(
        reporter, listing=listing, message=message, person=person, place=neighbourhood
    )
    if person.pk == reporter.pk:
        raise ValidationError(
            _("This is yours: you cannot report it."), code="own_content"
        )
    # The open case of the same thing, or a new one; get_or_create falls back
    # on the other's case when someone reports it at the same moment.
    case, _created = Case.objects.select_for_update().get_or_create(
        neighbourhood=neighbourhood,
        target=target,
        listing=listing if target == Case.Target.LISTING else None,
        message=message if target == Case.Target.MESSAGE else None,
        person=person,
        status=Case.Status.OPEN,
        defaults={"severity": SEVERITY[reason]},
    )
    if SEVERITY[reason] > case.severity:
        case.severity = SEVERITY[reason]
        case.save(update_fields=["severity"])
    try:
        with transaction.atomic():
            made = Report.objects.create(
                case=case, reporter=reporter, reason=reason, text=text
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You have already reported this. The moderators have it."),
            code="already_reported",
        ) from error
    notification_services.notify(
        user=reporter,
        kind=Notification.Kind.MODERATION,
        text=lambda: (
            _(
                "Thank you: your report reached the moderators of %(name)s. You will "
                "be told when they have looked at it."
            )
            % {"name": neighbourhood.name}
        ),
        key=f"report:{made.pk}",
    )
    return made


def _check_length(field: str, text: str, limit: int) -> None:
    if len(text) > limit:
        raise field_error(
            field,
            _("At most %(max)d characters, please (this has %(n)d).")
            % {"max": limit, "n": len(text)},
            code="too_long",
        )


def _target(reporter, *, listing, message, person, place):
    """What is reported, where, and whose it is; refused if the reporter may not
    see it."""
    if listing is not None:
        permissions.check(reporter, Capability.SEE, listing.neighbourhood)
        if (
            not listing_selectors.listings_visible_to(user=reporter)
            .filter(pk=listing.pk)
            .exists()
        ):
            raise NotAllowed(_("You cannot see this listing."))
        return Case.Target.LISTING, listing.neighbourhood, listing.author
    if message is not None:
        shown = (
            selectors.messages_reportable_by(user=reporter)
            .select_related("conversation__neighbourhood")
            .filter(pk=message.pk)
            .first()
        )
        if shown is None:
            raise NotAllowed(_("You cannot read this message."))
        return Case.Target.MESSAGE, shown.conversation.neighbourhood, message.author
    if person is None or place is None:
        raise ValidationError(_("Say what you are reporting."), code="no_target")
    permissions.check(reporter, Capability.SEE, place)
    if not permissions.can(person, Capability.SEE, place):
        raise NotAllowed(_("This person is not a member of this neighbourhood."))
    return Case.Target.PROFILE, place, person


# Decisions


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
    _check_length("reason", reason, DECISION_REASON_MAX_LENGTH)
    if action not in actions_possible(case):
        raise ValidationError(
            _("This is not possible on this case now."), code="not_possible"
        )
    if case.person_id == moderator.pk:
        raise NotAllowed(_("Another moderator must decide on what concerns you."))
    details = reason
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
            details = ngettext(
                "%(days)d day: %(reason)s", "%(days)d days: %(reason)s", days
            ) % {"days": days, "reason": reason}
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
        details=details,
        case=case,
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


def _what(case: Case) -> str:
    if case.target == Case.Target.LISTING:
        return _("your listing “%(title)s”") % {"title": case.listing.title}
    if case.target == Case.Target.MESSAGE:
        return _("your message “%(text)s”") % {"text": case.message.text[:60]}
    return _("your profile")


def _tell_the_person(case: Case, action: str, reason: str, days) -> None:
    neighbourhood = case.neighbourhood

    def text():
        what = _what(case)
        said = {
            Action.DISMISS: _("The moderators looked at %(what)s: nothing to change."),
            Action.HIDE: _("The moderators hid %(what)s."),
            Action.RELEASE: _("The moderators let %(what)s through."),
            Action.UNHIDE: _("The moderators showed %(what)s again."),
            Action.WARN: _("The moderators sent you a warning about %(what)s."),
            Action.SUSPEND: ngettext(
                "The moderators suspended your membership for %(days)d day.",
                "The moderators suspended your membership for %(days)d days.",
                days or 0,
            ),
            Action.BAN: _("The moderators banned you from the neighbourhood."),
            Action.LIFT: _("The moderators lifted your suspension or ban."),
        }[action] % {"what": what, "days": days or 0}
        return _(
            "%(name)s: %(said)s Reason: %(reason)s. See the neighbourhood's charter."
        ) % {"name": neighbourhood.name, "said": said, "reason": reason.rstrip(". ")}

    notification_services.notify(
        user=case.person,
        kind=Notification.Kind.MODERATION,
        text=text,
        url=reverse("charter_accept", kwargs={"slug": neighbourhood.slug}),
        key=f"case:{case.pk}:{action}:{timezone.now().isoformat()}",
    )


def _tell_the_reporters(case: Case, action: str) -> None:
    reporters = User.objects.filter(reports_made__case=case).distinct()
    acted = action != Action.DISMISS
    neighbourhood = case.neighbourhood

    def text():
        if acted:
            return _(
                "The moderators of %(name)s looked at what you reported and took "
                "action. Thank you."
            ) % {"name": neighbourhood.name}
        return _(
            "The moderators of %(name)s looked at what you reported and found "
            "nothing against the charter. Thank you all the same."
        ) % {"name": neighbourhood.name}

    notification_services.notify_many(
        users=reporters,
        kind=Notification.Kind.MODERATION,
        text=text,
        key=f"case:{case.pk}:outcome",
    )


# The watch list


@transaction.atomic
def set_watch_list(
    *, coordinator: User, neighbourhood: Neighbourhood, words: str
) -> list[str]:
    """Replace the neighbourhood's watch list by the words given, one per
    line."""
    permissions.check(coordinator, Capability.COORDINATE, neighbourhood)
    wanted = []
    for line in words.splitlines():
        word = " ".join(line.split()).casefold()
        if not word or word in wanted:
            continue
        if len(word) > WATCHED_WORD_MAX_LENGTH:
            raise field_error(
                "words",
                _("“%(word)s” is too long: %(max)d characters at most.")
                % {
                    "word": word[:WATCHED_WORD_MAX_LENGTH] + "…",
                    "max": WATCHED_WORD_MAX_LENGTH,
                },
                code="too_long",
            )
        wanted.append(word)
    if len(wanted) > MAX_WATCHED_WORDS:
        raise field_error(
            "words",
            _("At most %(max)d words, please.") % {"max": MAX_WATCHED_WORDS},
            code="too_many",
        )
    before = set(
        WatchedWord.objects.filter(neighbourhood=neighbourhood).values_list(
            "word", flat=True
        )
    )
    if before == set(wanted):
        return sorted(wanted)
    WatchedWord.objects.filter(neighbourhood=neighbourhood).delete()
    WatchedWord.objects.bulk_create(
        [WatchedWord(neighbourhood=neighbourhood, word=word) for word in wanted]
    )
    neighbourhood_services.write_journal(
        neighbourhood=neighbourhood,
        actor=coordinator,
        action=JournalEntry.Action.WATCHLIST_CHANGED,
        details=ngettext("%(count)d word", "%(count)d words", len(wanted))
        % {"count": len(wanted)},
    )
    return sorted(wanted)
