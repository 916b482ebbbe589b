"""The figures of the conversations between members."""

from django.db.models import Count

from messaging.models import Conversation, Message

from .period import Period


def message_counts(ids, period: Period) -> dict[str, int]:
    """Messages between members (the moderators' room is not counted), hidden
    ones left out, and the conversations they were in."""
    return Message.objects.filter(
        period.contains("created_at"),
        conversation__neighbourhood_id__in=ids,
        conversation__kind=Conversation.Kind.DIRECT,
        hidden=False,
    ).aggregate(
        messages=Count("pk"), conversations=Count("conversation_id", distinct=True)
    )
