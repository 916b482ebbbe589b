from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from community import selectors as community_selectors
from community.models import Block, User
from neighbourhoods import permissions
from neighbourhoods.models import Membership, Neighbourhood
from neighbourhoods.permissions import Capability

from .models import Conversation, Message, Participant

# Conversations


def readable_conversations(*, user):
    """The conversations the member may read: their direct conversations and
    the moderators' rooms of the neighbourhoods they moderate, in neighbourhoods
    they still belong to. No annotation: cheap enough for every frame of a
    WebSocket."""

    return Conversation.objects.filter(_readable(user)).distinct()


def _readable(user, through: str = "") -> Q:
    """The rule of readable_conversations as a filter, on Conversation or,
    with `through` ("conversation__"), on a model that leads to it."""
    places = permissions.memberships_allowing(user, Capability.SEE).values(
        "neighbourhood_id"
    )
    moderated = permissions.memberships_allowing(user, Capability.MODERATE).values(
        "neighbourhood_id"
    )
    return Q(
        Q(
            **{
                f"{through}kind": Conversation.Kind.DIRECT,
                f"{through}participants__user": user,
            }
        )
        | Q(
            **{
                f"{through}kind": Conversation.Kind.STAFF,
                f"{through}neighbourhood_id__in": moderated,
            }
        ),
        **{f"{through}neighbourhood_id__in": places},
    )


def followed_conversations(*, user):
    """The conversations whose news a member's open page may receive and send
    to now: the ones they may read, in neighbourhoods where they are in good
    standing (a suspended member may read the history on the page, but follows
    nothing live), and no direct conversation with someone either of them
    blocked. Checked on every frame in and every event out of a socket: one
    query, no annotation."""

    standing = Membership.objects.filter(permissions.active_filter(), user=user).values(
        "neighbourhood_id"
    )
    with_blocked = Participant.objects.filter(
        ~community_selectors.not_blocked("user", user=user)
    ).values("conversation_id")
    return readable_conversations(user=user).filter(
        Q(kind=Conversation.Kind.STAFF) | ~Q(pk__in=with_blocked),
        neighbourhood_id__in=standing,
    )


def followers(*, conversation) -> QuerySet[User]:
    """The people in the conversation who may follow it now (the rule of
    followed_conversations, from the conversation's side), as one query."""
    if conversation.kind == Conversation.Kind.STAFF:
        standing = permissions.membership_filter(Capability.MODERATE)
    else:
        standing = permissions.active_filter()
    members = Membership.objects.filter(
        standing, neighbourhood_id=conversation.neighbourhood_id
    ).values("user_id")
    people = User.objects.filter(
        participations__conversation=conversation, pk__in=members
    )
    if conversation.kind == Conversation.Kind.DIRECT:
        # Nobody follows a conversation between people one of whom blocked
        # the other.
        inside = Participant.objects.filter(conversation=conversation).values("user_id")
        blocked = Block.objects.filter(blocker__in=inside, blocked__in=inside)
        people = people.exclude(Exists(blocked))
    return people


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
    """The `limit` first messages numbered after `after`, by number, as
    `reader` may see them (a page's catch-up asks page after page)."""
    return list(
        conversation.messages.filter(_shown(reader), seq__gt=after)
        .select_related("author__profile", "helped_by__profile")
        .order_by("seq")[:limit]
    )


def last_number(*, conversation_id: int) -> int:
    """The conversation's last message number, read now."""
    return (
        Conversation.objects.filter(pk=conversation_id)
        .values_list("last_seq", flat=True)
        .first()
        or 0
    )


def unread_messages_count(*, user) -> int:
    """How many messages wait for the member, all conversations together (for
    the header of every page). One query, the rule of readable_conversations
    applied on the same join as the member's place in each conversation (one
    row each): no nested query of conversations to build and plan."""
    if not user.is_authenticated:
        return 0
    return (
        Message.objects.filter(
            _readable(user, through="conversation__"),
            conversation__participants__user=user,
            pk__gt=F("conversation__participants__last_read_id"),
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
