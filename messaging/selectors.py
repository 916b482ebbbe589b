from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from community.models import User
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability

from .models import Conversation, Message, Participant

# Conversations


def readable_conversations(*, user):
    """The conversations the member may read: their direct conversations and
    the moderators' rooms of the neighbourhoods they moderate, in neighbourhoods
    they still belong to. No annotation: cheap enough for every frame of a
    WebSocket."""

    places = permissions.memberships_allowing(user, Capability.SEE).values(
        "neighbourhood_id"
    )
    moderated = permissions.memberships_allowing(user, Capability.MODERATE).values(
        "neighbourhood_id"
    )
    return Conversation.objects.filter(
        Q(kind=Conversation.Kind.DIRECT, participants__user=user)
        | Q(kind=Conversation.Kind.STAFF, neighbourhood_id__in=moderated),
        neighbourhood_id__in=places,
    ).distinct()


def conversations_of(*, user):
    """The member's conversations, newest first, each with its last message and
    how many messages they have not read, in a fixed number of queries."""

    mine = Participant.objects.filter(conversation=OuterRef("pk"), user=user)
    last = Message.objects.filter(conversation=OuterRef("pk"), hidden=False).order_by(
        "-pk"
    )
    return (
        Conversation.objects.filter(
            pk__in=readable_conversations(user=user).values("pk")
        )
        .annotate(
            read_up_to=Subquery(mine.values("last_read_id")[:1]),
            last_text=Subquery(last.values("text")[:1]),
        )
        .annotate(
            unread=Count(
                "messages",
                filter=Q(messages__hidden=False)
                & ~Q(messages__author=user)
                & (Q(read_up_to__isnull=True) | Q(messages__pk__gt=F("read_up_to"))),
                distinct=True,
            )
        )
        .select_related("neighbourhood", "listing")
        .prefetch_related("participants__user__profile")
        .order_by(F("last_message_at").desc(nulls_last=True), "-pk")
    )


def conversation_for(*, user, pk: int):
    """A conversation the member may read (Conversation.DoesNotExist otherwise)."""
    return conversations_of(user=user).get(pk=pk)


def _shown(reader) -> Q:
    """Messages hidden by the moderators are shown to nobody; a message held by
    the watch list only to its author ("awaiting review")."""
    shown = Q(hidden=False)
    if reader is not None:
        shown |= Q(held=True, author=reader)
    return shown


def messages_page(
    *, conversation, before: int | None = None, size: int = 50, reader=None
):
    """The `size` latest messages before `before`, oldest first, as `reader`
    may see them."""
    messages = conversation.messages.filter(_shown(reader)).select_related(
        "author__profile", "helped_by__profile"
    )
    if before:
        messages = messages.filter(pk__lt=before)
    page = list(messages.order_by("-pk")[: size + 1])
    has_older = len(page) > size
    return list(reversed(page[:size])), has_older


def messages_after(*, conversation, after: int, limit: int = 200, reader=None):
    return list(
        conversation.messages.filter(_shown(reader), pk__gt=after)
        .select_related("author__profile", "helped_by__profile")
        .order_by("pk")[:limit]
    )


def unread_messages_count(*, user) -> int:
    """How many messages wait for the member, all conversations together (for
    the header). One query."""
    if not user.is_authenticated:
        return 0
    return (
        Message.objects.filter(
            conversation__participants__user=user,
            pk__gt=F("conversation__participants__last_read_id"),
            conversation_id__in=readable_conversations(user=user).values("pk"),
            hidden=False,
        )
        .exclude(author=user)
        .count()
    )


def read_positions(*, conversation, besides) -> list[tuple[int, int]]:
    """(member id, read up to) of the others in the conversation."""
    return list(
        Participant.objects.filter(conversation=conversation, last_read_id__gt=0)
        .exclude(user=besides)
        .values_list("user_id", "last_read_id")
    )


def conversations_for_desk(
    *, helper: User, resident: User, neighbourhood: Neighbourhood
) -> QuerySet[Conversation]:
    """A resident's conversations in this neighbourhood, each with its last
    message and the resident's unread count, for a moderator who acts for them
    at the desk with their consent (NotAllowed otherwise). Only conversations
    between members: a moderators' room is never opened on someone's behalf."""
    permissions.check_act_for(helper, resident, neighbourhood)
    return conversations_of(user=resident).filter(
        neighbourhood=neighbourhood, kind=Conversation.Kind.DIRECT
    )


def conversation_for_desk(
    *, helper: User, resident: User, neighbourhood: Neighbourhood, pk: int
) -> Conversation:
    """One of conversations_for_desk (Conversation.DoesNotExist otherwise)."""
    return conversations_for_desk(
        helper=helper, resident=resident, neighbourhood=neighbourhood
    ).get(pk=pk)
