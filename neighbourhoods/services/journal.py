"""The journal of moderation and coordination acts, and of what is done for a
resident at the desk: its one writer."""

from typing import Any

from django.conf import settings
from django.utils import translation

from community.models import User
from notifications import texts

from ..models import REASON_MAX_LENGTH, JournalEntry, Neighbourhood, Organisation


def write_journal(
    *,
    neighbourhood: Neighbourhood | None = None,
    organisation: Organisation | None = None,
    actor: User | None,
    action: str,
    subject: User | None = None,
    details: str = "",
    message: str = "",
    params: dict[str, Any] | None = None,
    case=None,
) -> JournalEntry:
    """The one writer of the journal (append-only): every act of moderation,
    coordination, or done for a resident at the desk. The details are free
    words (a reason), or a `message` of `notifications.texts` with its
    `params`, written in each reader's language. Long details are cut to what
    the journal keeps. An act on an organisation itself names the
    organisation and no neighbourhood."""
    if organisation is None:
        organisation = neighbourhood.organisation
    params = params or {}
    if message:
        if message not in texts.TEXTS:
            raise ValueError(f"no journal text {message!r}")
        with translation.override(settings.LANGUAGE_CODE):
            details = texts.render(message, params)
    return JournalEntry.objects.create(
        organisation=organisation,
        neighbourhood=neighbourhood,
        actor=actor,
        action=action,
        subject=subject,
        details=details[:REASON_MAX_LENGTH],
        message=message,
        params=params,
        case=case,
    )
