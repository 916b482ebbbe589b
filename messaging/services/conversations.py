"""Conversations: the one between two members (about a listing or not), the
moderators' room of a neighbourhood, and who may write in one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community import selectors as community_selectors
from community.models import User
from neighbourhoods import permissions
from neighbourhoods.permissions import Capability, NotAllowed

from ..models import Conversation, Participant


def check_may_write(user: User, conversation: Conversation):
    """Raise NotAllowed unless `user` may write in `conversation` now; the
    membership that allows it otherwise.

    Checked on every message, not once: a member suspended or gone since the
    page opened can no longer write."""

    if conversation.kind == Conversation.Kind.STAFF:
        return permissions.check(user, Capability.MODERATE, conversation.neighbourhood)
    membership = permissions.check(user, Capability.MESSAGE, conversation.neighbourhood)
    # Who is in it, and whether any of the others and this member blocked one
    # another: one query.
    people = dict(
        conversation.participants.annotate(
            blocked=~community_selectors.not_blocked("user", user=user)
        ).values_list("user_id", "blocked")
    )
    if user.pk not in people or any(
        blocked for user_id, blocked in people.items() if user_id != user.pk
    ):
        raise NotAllowed(_not_in_conversation())
    return membership


def follow_refusal(user: User, conversation_id: int) -> str:
    """Why a member's open page may not follow this conversation (now), in
    their words: the rule of selectors.followed_conversations, said."""
    conversation = (
        Conversation.objects.select_related("neighbourhood")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None:
        return _("You cannot read this conversation.")
    membership = permissions.membership_of(user, conversation.neighbourhood)
    if conversation.kind == Conversation.Kind.STAFF:
        if not permissions.allows(membership, Capability.MODERATE):
            return permissions.refusal(membership, Capability.MODERATE)
    elif not permissions.is_active(membership):
        return permissions.refusal(membership, Capability.MESSAGE)
    elif not conversation.participants.filter(user=user).exists():
        return _("You cannot read this conversation.")
    elif (
        conversation.participants.exclude(user=user)
        .filter(~community_selectors.not_blocked("user", user=user))
        .exists()
    ):
        return _not_in_conversation()
    return _("You cannot read this conversation.")


def _not_in_conversation() -> str:
    return _("You cannot write in this conversation.")


@transaction.atomic
def start_conversation(*, user: User, other: User, neighbourhood, listing=None):
    """The conversation between two members of a neighbourhood (about a listing,
    or not), made the first time. Both must be members; blocked people never
    talk."""

    permissions.check(user, Capability.MESSAGE, neighbourhood)
    if other.pk == user.pk:
        raise ValidationError(_("You cannot write to yourself."), code="self")
    if not permissions.can(other, Capability.SEE, neighbourhood):
        raise NotAllowed(_("This person is not a member of this neighbourhood."))
    if community_selectors.is_blocked_between(one=user, other=other):
        raise NotAllowed(_not_in_conversation())
    existing = (
        Conversation.objects.filter(
            neighbourhood=neighbourhood,
            kind=Conversation.Kind.DIRECT,
            listing=listing,
            participants__user=user,
        )
        .filter(participants__user=other)
        .first()
    )
    if existing:
        return existing
    conversation = Conversation.objects.create(
        neighbourhood=neighbourhood, kind=Conversation.Kind.DIRECT, listing=listing
    )
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, user=user),
            Participant(conversation=conversation, user=other),
        ]
    )
    return conversation


@transaction.atomic
def staff_room(*, moderator: User, neighbourhood):
    """The neighbourhood's room for its moderators and coordinators."""

    permissions.check(moderator, Capability.MODERATE, neighbourhood)
    room, _created = Conversation.objects.get_or_create(
        neighbourhood=neighbourhood, kind=Conversation.Kind.STAFF
    )
    Participant.objects.get_or_create(conversation=room, user=moderator)
    return room


@transaction.atomic
def start_with_message(
    *, user: User, other: User, neighbourhood, listing=None, text: str, client_id
):
    """The conversation with `other` (made if need be) and `text` as the
    member's message in it, in one transaction: an answer to a listing opens
    the conversation with the helper's own words."""
    from .sending import send_message  # sending imports this module

    conversation = start_conversation(
        user=user, other=other, neighbourhood=neighbourhood, listing=listing
    )
    send_message(user=user, conversation=conversation, text=text, client_id=client_id)
    return conversation
