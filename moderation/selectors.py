"""Reads of moderation, each checking that the reader moderates the
neighbourhood."""

from django.db.models import Count, QuerySet

from messaging import selectors as message_selectors
from messaging.models import Message
from neighbourhoods import permissions
from neighbourhoods.models import JournalEntry, Neighbourhood
from neighbourhoods.permissions import Capability

from . import watchlist
from .models import Case, WatchedWord

CONTEXT_AROUND = 5  # messages shown before and after a reported one


def cases_of(
    *, moderator, neighbourhood: Neighbourhood, status: str = Case.Status.OPEN
) -> QuerySet[Case]:
    """The neighbourhood's cases, most serious and oldest first (open ones), or
    the latest decided (closed ones)."""
    permissions.check(moderator, Capability.MODERATE, neighbourhood)
    cases = (
        Case.objects.filter(neighbourhood=neighbourhood, status=status)
        .select_related("neighbourhood", "person__profile")
        .annotate(report_count=Count("reports"))
    )
    if status == Case.Status.CLOSED:
        return cases.order_by("-closed_at", "-pk")
    return cases.order_by("-severity", "opened_at", "pk")


def messages_reportable_by(*, user) -> QuerySet[Message]:
    """The messages a member may report: those they are shown in the
    conversations they may read (not one hidden or held for review)."""
    return Message.objects.filter(
        hidden=False,
        conversation__in=message_selectors.readable_conversations(user=user),
    )


def case_for(*, moderator, neighbourhood: Neighbourhood, pk: int) -> Case:
    permissions.check(moderator, Capability.MODERATE, neighbourhood)
    return Case.objects.select_related(
        "neighbourhood", "person__profile", "listing", "message"
    ).get(neighbourhood=neighbourhood, pk=pk)


def reports_of(*, case: Case):
    return case.reports.select_related("reporter__profile")


def message_context(*, case: Case) -> list[Message]:
    """For a reported message: that conversation around it, and nothing else
    of the members' private messages."""
    if case.message_id is None:
        return []
    around = Message.objects.filter(
        conversation_id=case.message.conversation_id
    ).select_related("author__profile", "helped_by__profile")
    before = list(
        around.filter(pk__lt=case.message_id).order_by("-pk")[:CONTEXT_AROUND]
    )
    after = list(around.filter(pk__gt=case.message_id).order_by("pk")[:CONTEXT_AROUND])
    return [*reversed(before), case.message, *after]


def case_history(*, case: Case):
    return JournalEntry.objects.filter(case=case).select_related(
        "actor__profile", "subject__profile"
    )


def watch_list_of(*, coordinator, neighbourhood: Neighbourhood) -> list[str]:
    permissions.check(coordinator, Capability.COORDINATE, neighbourhood)
    return list(
        WatchedWord.objects.filter(neighbourhood=neighbourhood).values_list(
            "word", flat=True
        )
    )


def watched_words_in(*, case: Case) -> list[str]:
    """The watched words that held this content (for the moderator); none
    for content members reported."""
    if not case.held:
        return []
    if case.listing_id:
        text = f"{case.listing.title}\n{case.listing.description}"
    elif case.message_id:
        text = case.message.text
    else:
        return []
    return watchlist.matches(neighbourhood=case.neighbourhood, text=text)


def hiding_reason(*, listing) -> str:
    """Why the moderators hid a listing, as its author reads it ("" when it
    is not hidden by a decision)."""
    if not listing.hidden:
        return ""
    case = (
        Case.objects.filter(
            target=Case.Target.LISTING, listing=listing, decision=Case.Decision.HIDDEN
        )
        .order_by("-closed_at", "-pk")
        .first()
    )
    return case.decision_reason if case else ""
