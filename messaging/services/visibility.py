"""What moderation decides about a message: shown, or out of sight. The
moderation app decides (and checks who may); this is the one writer of a
message's visibility."""

from realtime import events

from ..models import Message
from .news import message_payload, tell_the_others


def set_message_visibility(*, message: Message, visible: bool) -> Message:
    """Show a message or take it out of sight, as a moderation decision says
    (moderation checks who decides). The pages open on the conversation follow
    at once; a message held by the watch list and now shown is news for the
    others, as if just sent."""
    message = Message.objects.select_related(
        "author__profile", "helped_by__profile", "conversation"
    ).get(pk=message.pk)
    was_held = message.held
    message.hidden = not visible
    message.held = False
    message.save(update_fields=["hidden", "held"])
    group = events.conversation_group(message.conversation_id)
    if visible:
        events.broadcast_on_commit(group, message_payload(message))
        if was_held:
            tell_the_others(message, message.conversation)
    else:
        events.broadcast_on_commit(
            group,
            events.message_hidden(
                conversation_id=message.conversation_id, message_id=message.pk
            ),
        )
    return message
