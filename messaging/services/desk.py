"""At the desk: a moderator acts in a resident's conversation, with their
consent, and every act is written to the journal (and so to the resident's
own history)."""

from django.db import transaction

from community.models import User
from neighbourhoods import permissions
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import JournalEntry

from ..models import Conversation, Message
from .reading import mark_read
from .sending import send_message


@transaction.atomic
def send_message_for(
    *, helper: User, resident: User, conversation: Conversation, text: str, client_id
) -> Message:
    """A moderator writes in a resident's conversation for them, at the desk,
    with their consent: the message says "sent with the help of" the moderator,
    and the act is recorded in the journal and in the resident's history.

    Raises NotAllowed without a live consent or when the resident may not write
    there, ValidationError (nothing saved) on an empty or too long text. Sending
    again with the same client id returns the message already sent and records
    nothing more.
    """
    already = Message.objects.filter(author=resident, client_id=client_id).exists()
    # send_message checks the helper's standing and the resident's consent.
    message = send_message(
        user=resident,
        conversation=conversation,
        text=text,
        client_id=client_id,
        helped_by=helper,
    )
    if not already:
        _record(
            helper=helper,
            resident=resident,
            conversation=conversation,
            done="journal.sent_message",
        )
    return message


@transaction.atomic
def mark_read_for(
    *, helper: User, resident: User, conversation: Conversation, up_to: int
) -> None:
    """The moderator and the resident have read the conversation together at the
    desk: the resident's unread messages up to `up_to` count as read (the other
    side sees "read", no e-mail reminds them of it). Recorded like every act
    done for them; nothing is recorded when there was nothing left to read."""
    permissions.check_act_for(helper, resident, conversation.neighbourhood)
    before = (
        conversation.participants.filter(user=resident)
        .values_list("last_read_id", flat=True)
        .first()
    )
    participant = mark_read(user=resident, conversation=conversation, up_to=up_to)
    if participant is not None and participant.last_read_id != before:
        _record(
            helper=helper,
            resident=resident,
            conversation=conversation,
            done="journal.marked_read",
        )


def _record(
    *, helper: User, resident: User, conversation: Conversation, done: str
) -> None:
    """Journal what `helper` did for `resident` in the conversation; `done`
    (a message of `notifications.texts`) names the others in it as %(name)s."""
    others = ", ".join(
        str(participant.user.display_name)
        for participant in conversation.participants.exclude(
            user=resident
        ).select_related("user__profile")
    )
    neighbourhood_services.write_journal(
        neighbourhood=conversation.neighbourhood,
        actor=helper,
        subject=resident,
        action=JournalEntry.Action.ACTED_FOR,
        message=done,
        params={"name": others},
    )
