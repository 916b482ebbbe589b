"""The journal of moderation and coordination acts, and of what is done for a
resident at the desk: its one writer."""

from community.models import User

from ..models import REASON_MAX_LENGTH, JournalEntry, Neighbourhood, Organisation


def write_journal(
    *,
    neighbourhood: Neighbourhood | None = None,
    organisation: Organisation | None = None,
    actor: User | None,
    action: str,
    subject: User | None = None,
    details: str = "",
    case=None,
) -> JournalEntry:
    """The one writer of the journal (append-only): every act of moderation,
    coordination, or done for a resident at the desk; an act on an organisation
    itself names the organisation and no neighbourhood. Long details are cut
    to what the journal keeps."""
    if organisation is None:
        organisation = neighbourhood.organisation
    return JournalEntry.objects.create(
        organisation=organisation,
        neighbourhood=neighbourhood,
        actor=actor,
        action=action,
        subject=subject,
        details=details[:REASON_MAX_LENGTH],
        case=case,
    )
