"""The words of every notification (and of the journal's details), by key.
A notification is stored as its key and parameters (names, titles, counts),
and written in the reader's language each time it is shown, e-mailed, pushed
or sent live: a member who reads in English sees "Lucas wrote to you", even
if the news came while they read in French.

A parameter may itself be a message (`ref`), written in the same language:
"The moderators hid your listing “Bread”", or a date (`date`), written as
the reader's language writes dates."""

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

TEXTS = {
    # Messages
    "message.new": ngettext_lazy(
        "%(name)s wrote to you", "%(name)s wrote to you (%(count)d)", "count"
    ),
    "message.staff": ngettext_lazy(
        "%(name)s wrote in the moderators' room",
        "%(name)s wrote in the moderators' room (%(count)d)",
        "count",
    ),
    # Exchanges
    "response.new": _("%(name)s answered your listing “%(title)s”"),
    "response.accepted": _("%(name)s accepted your answer to “%(title)s”"),
    "listing.match": _("New in your neighbourhood: %(title)s"),
    "listing.match_because": _("New in your neighbourhood: %(title)s (%(reason)s)"),
    "listing.closing": _(
        "Your listing “%(title)s” closes on %(date)s. Keep it open in one click."
    ),
    # Memberships and the charter
    "membership.approved": _("Welcome! Your request to join %(name)s is approved."),
    "membership.declined": _("Your request to join %(name)s is declined."),
    "membership.declined.reason": _(
        "Your request to join %(name)s is declined: %(reason)s"
    ),
    "charter.changed": _(
        "The charter of %(name)s has changed: read it on your next visit."
    ),
    # Moderation
    "report.received": _(
        "Thank you: your report reached the moderators of %(name)s. You will "
        "be told when they have looked at it."
    ),
    "report.acted": _(
        "The moderators of %(name)s looked at what you reported and took "
        "action. Thank you."
    ),
    "report.dismissed": _(
        "The moderators of %(name)s looked at what you reported and found "
        "nothing against the charter. Thank you all the same."
    ),
    "decision": _(
        "%(name)s: %(said)s Reason: %(reason)s. See the neighbourhood's charter."
    ),
    "decision.dismiss": _("The moderators looked at %(what)s: nothing to change."),
    "decision.hide": _("The moderators hid %(what)s."),
    "decision.release": _("The moderators let %(what)s through."),
    "decision.unhide": _("The moderators showed %(what)s again."),
    "decision.warn": _("The moderators sent you a warning about %(what)s."),
    "decision.suspend": ngettext_lazy(
        "The moderators suspended your membership for %(days)d day.",
        "The moderators suspended your membership for %(days)d days.",
        "days",
    ),
    "decision.ban": _("The moderators banned you from the neighbourhood."),
    "decision.lift": _("The moderators lifted your suspension or ban."),
    "about.listing": _("your listing “%(title)s”"),
    "about.message": _("your message “%(text)s”"),
    "about.profile": _("your profile"),
    # Workshops
    "workshop.seat_offered": _(
        "A seat is free for you at “%(title)s” on %(when)s: confirm it before "
        "%(deadline)s, or give it on."
    ),
    "workshop.offer_lapsed": _(
        "The seat offered to you at “%(title)s” was not confirmed in time: it "
        "goes to the next person waiting."
    ),
    "workshop.reminder": _("Reminder: “%(title)s” tomorrow, %(when)s."),
    "workshop.reminder_at": _("Reminder: “%(title)s” tomorrow, %(when)s, %(place)s."),
    "workshop.satisfaction": _(
        "How was “%(title)s”? Tell the organisers in one click."
    ),
    "workshop.approved": _("Your workshop “%(title)s” is approved."),
    "workshop.declined": _("Your workshop “%(title)s” was not approved."),
    "workshop.cancelled": _("The session of “%(title)s” on %(when)s is cancelled."),
    "workshop.cancelled_because": _(
        "The session of “%(title)s” on %(when)s is cancelled: %(reason)s"
    ),
    "workshop.moved": _("The session of “%(title)s” on %(before)s moves to %(when)s."),
    # Mentoring
    "mentoring.follow_up": _(
        "Mentoring pairs of %(name)s to follow: to approve, %(approve)d; "
        "without a meeting lately, %(quiet)d; check-ins due, %(check)d."
    ),
    "mentoring.meeting_planned": _("%(name)s planned a mentoring meeting."),
    "mentoring.proposed": _("%(name)s proposes a mentoring pair: %(purpose)s"),
    "mentoring.proposed_because": _(
        "%(name)s proposes a mentoring pair: %(purpose)s (%(why)s)"
    ),
    "mentoring.to_approve": _("A mentoring pair waits for your approval: %(purpose)s"),
    "mentoring.started": _(
        "Your mentoring pair starts: %(purpose)s. Read the few safety rules on its "
        "page before you meet."
    ),
    "mentoring.declined": _("The mentoring pair “%(purpose)s” will not go ahead."),
    "mentoring.not_approved": _(
        "The moderators did not approve the mentoring pair “%(purpose)s”."
    ),
    "mentoring.ended_thanks": _("%(name)s ended your mentoring pair and thanks you."),
    "mentoring.ended": _("%(name)s ended your mentoring pair."),
    "mentoring.hand_over": _(
        "You are asked to take over a mentoring pair: %(purpose)s"
    ),
    "mentoring.safety": _(
        "Safety: %(name)s says they are uncomfortable in a mentoring pair of "
        "%(place)s. Please look at it now."
    ),
    "mentoring.safety_reporter": _(
        "Thank you for telling us. The pair is paused and the other person cannot "
        "plan a meeting. A moderator of %(place)s will contact you soon; if you are "
        "in danger, call 17 (or 112)."
    ),
    # The journal of a neighbourhood (details of an entry), for its moderators
    # and coordinators, on the page and in its spreadsheet.
    "journal.sanction": ngettext_lazy(
        "%(days)d day: %(reason)s", "%(days)d days: %(reason)s", "days"
    ),
    "journal.watchlist": ngettext_lazy("%(count)d word", "%(count)d words", "count"),
    "journal.role": _("%(before)s → %(after)s"),
    "journal.code": _("%(code)s: %(uses)d uses, %(days)d days"),
    "journal.charter": _("version %(version)d"),
    "journal.one_time_password": _("gave a new one-time password"),
    "journal.profile_updated": _("updated the profile"),
    "journal.sent_message": _("sent a message to %(name)s"),
    "journal.marked_read": _("marked the messages from %(name)s as read"),
    "journal.posted": _("posted “%(title)s”"),
    "journal.answered": _("answered “%(title)s”"),
    "journal.accepted": _("accepted %(name)s for “%(title)s”"),
    "journal.done": _("confirmed “%(title)s” done"),
    "journal.workshop_registered": _(
        "registered for the workshop “%(title)s” (%(state)s)"
    ),
    "journal.workshop_cancelled": _("cancelled a registration for “%(title)s”"),
    # The same words as the roles of a membership.
    "role.resident": _("Resident"),
    "role.volunteer": _("Volunteer"),
    "role.moderator": _("Moderator"),
    "role.coordinator": _("Coordinator"),
}


def reader_language(user) -> str:
    """The language news is written in for `user` away from a page of theirs
    (e-mails, live frames, push): the one they chose last."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def ref(message: str, **params: Any) -> dict[str, Any]:
    """A message as the parameter of another one."""
    if message not in TEXTS:
        raise KeyError(f"no notification text {message!r}")
    return {"message": message, "params": params}


def date(moment: datetime.datetime) -> dict[str, str]:
    """A moment as a parameter: written as a date in the reader's language."""
    return {"date": moment.isoformat()}


def _value(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "date" in value:
        moment = parse_datetime(str(value["date"]))
        if moment is None:
            return ""
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "DATE_FORMAT")
    return render(str(value.get("message", "")), value.get("params"), fallback="")


def render(message: str, params: dict[str, Any] | None = None, fallback="") -> str:
    """The words of `message` with its `params`, in the active language;
    `fallback` (the words stored when the news came) for an unknown key or
    parameters that do not fit."""
    template = TEXTS.get(message)
    if template is None:
        return fallback
    values = {name: _value(value) for name, value in (params or {}).items()}
    try:
        return str(template % values)
    except (KeyError, TypeError, ValueError):
        return fallback


def without(params: Any, name: str, instead: str) -> Any:
    """`params` with every word `name` (a pseudonym) replaced by `instead`,
    however deep: for erasing a person from what others keep."""
    if isinstance(params, dict):
        return {key: without(value, name, instead) for key, value in params.items()}
    if isinstance(params, list):
        return [without(value, name, instead) for value in params]
    if isinstance(params, str):
        return params.replace(name, instead)
    return params
