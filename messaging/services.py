"""Writes for conversations. Real-time news goes out through the one door,
`realtime.events`, after the database has kept what it announces."""

import datetime
import time
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community import selectors as community_selectors
from community.models import User
from neighbourhoods import permissions, review
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import JournalEntry
from neighbourhoods.permissions import Capability, NotAllowed
from notifications import selectors as notification_selectors
from notifications import services as notification_services
from notifications.models import Notification
from realtime import events

from . import selectors
from .models import MESSAGE_MAX_LENGTH, Conversation, Message, Participant


def announce_unread(*, user: User) -> None:
    """After commit, tell the member's open pages their unread counts (another
    tab read a conversation, or the notifications)."""

    transaction.on_commit(
        lambda: events.send_now(events.user_group(user.pk), unread_payload(user=user))
    )


def unread_payload(*, user: User) -> events.UnreadPayload:
    """The member's counts, stamped with the time they were read: several
    server threads may send counts, and a page keeps the latest reading."""
    return events.unread(
        notifications=notification_selectors.unread_count(user=user),
        messages=selectors.unread_messages_count(user=user),
        at=time.time(),
    )


# Conversations


def _may_write(user: User, conversation) -> None:
    """Checked on every message, not once: a member suspended or gone since the
    page opened can no longer write."""

    if conversation.kind == Conversation.Kind.STAFF:
        permissions.check(user, Capability.MODERATE, conversation.neighbourhood)
        return
    permissions.check(user, Capability.MESSAGE, conversation.neighbourhood)
    if not conversation.participants.filter(user=user).exists():
        raise NotAllowed(_not_in_conversation())

    others = conversation.participants.exclude(user=user).select_related("user")
    for other in others:
        if community_selectors.is_blocked_between(one=user, other=other.user):
            raise NotAllowed(_not_in_conversation())


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
def send_message(
    *, user: User, conversation, text: str, client_id, helped_by: User | None = None
):
    """Save a message, then (after commit) tell every open page of the
    conversation. Sending again with the same client id returns the message
    already saved: a retry after a lost connection never makes a duplicate."""

    conversation = Conversation.objects.select_related("neighbourhood").get(
        pk=conversation.pk
    )
    _may_write(user, conversation)
    if helped_by is not None:
        permissions.check_act_for(helped_by, user, conversation.neighbourhood)
    try:
        client_id = uuid.UUID(str(client_id))
    except ValueError as error:
        raise ValidationError(_("This message has no valid id."), code="id") from error
    already = Message.objects.filter(author=user, client_id=client_id).first()
    if already is not None:
        return already
    text = text.strip()
    if not text:
        raise ValidationError(_("Write something first."), code="empty")
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("A message can have at most %(max)d characters (this one has %(n)d).")
            % {"max": MESSAGE_MAX_LENGTH, "n": len(text)},
            code="too_long",
        )
    _check_flood(user, conversation.neighbourhood)
    held = bool(
        review.watched_words(neighbourhood=conversation.neighbourhood, text=text)
    )
    message = Message.objects.create(
        conversation=conversation,
        author=user,
        client_id=client_id,
        text=text,
        helped_by=helped_by,
        held=held,
        hidden=held,
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_at=timezone.now()
    )
    participant, _created = Participant.objects.get_or_create(
        conversation=conversation, user=user
    )
    if participant.last_read_id < message.pk:
        participant.last_read_id = message.pk
        participant.save(update_fields=["last_read_id"])
    if held:
        # A watched word: the others see it once a moderator lets it through.
        review.hold(
            neighbourhood=conversation.neighbourhood, person=user, message=message
        )
        return message
    events.broadcast_on_commit(
        events.conversation_group(conversation.pk), message_payload(message)
    )
    tell_the_others(message, conversation)
    return message


def _check_flood(user: User, neighbourhood) -> None:
    """At most `message_limit` messages in `message_window_seconds` per person
    in a neighbourhood (its own settings). Counted in the database, so that
    every server process agrees."""
    since = timezone.now() - datetime.timedelta(
        seconds=neighbourhood.message_window_seconds
    )
    recent = Message.objects.filter(
        author=user, conversation__neighbourhood=neighbourhood, created_at__gte=since
    ).count()
    if recent >= neighbourhood.message_limit:
        raise ValidationError(
            _(
                "You have sent many messages in a short time. Wait a moment, then "
                "send again: your text is kept."
            ),
            code="flood",
        )


def tell_the_others(message, conversation) -> None:
    """One notification per conversation while it has unread messages (not one
    per message), and fresh unread counts on the others' open pages."""
    others = list(
        User.objects.filter(participations__conversation=conversation).exclude(
            pk=message.author_id
        )
    )
    url = conversation.get_absolute_url()
    waiting = notification_selectors.unread_about(
        users=others, kind=Notification.Kind.MESSAGE, url=url
    )
    name = message.author.display_name
    if conversation.kind == Conversation.Kind.STAFF:

        def text():
            return _("%(name)s wrote in the moderators' room") % {"name": name}

    else:

        def text():
            return _("%(name)s wrote to you") % {"name": name}

    notification_services.notify_many(
        users=[other for other in others if other.pk not in waiting],
        kind=Notification.Kind.MESSAGE,
        text=text,
        url=url,
        key=f"message:{message.pk}",
    )
    for other in others:
        announce_unread(user=other)


def message_payload(message) -> events.MessagePayload:
    """The frame of a message as the pages open on its conversation show it."""
    return events.message_new(
        conversation_id=message.conversation_id,
        message_id=message.pk,
        client_id=str(message.client_id),
        author_id=message.author_id,
        author_name=str(message.author.display_name),
        helped_by_name=str(message.helped_by.display_name)
        if message.helped_by
        else "",
        text=message.text,
        created_at=message.created_at.isoformat(),
    )


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


@transaction.atomic
def mark_read(*, user: User, conversation, up_to: int):
    """Remember how far the member has read; the other side sees "read"."""

    participant = Participant.objects.filter(
        conversation=conversation, user=user
    ).first()
    if participant is None or up_to <= participant.last_read_id:
        return participant
    last = conversation.messages.filter(pk__lte=up_to).order_by("-pk").first()
    if last is None:
        return participant
    participant.last_read_id = last.pk
    participant.save(update_fields=["last_read_id"])
    if not conversation.messages.filter(pk__gt=last.pk).exclude(author=user).exists():
        # Everything read: the notification of this conversation is done with.
        notification_services.mark_read_about(
            user=user,
            kind=Notification.Kind.MESSAGE,
            url=conversation.get_absolute_url(),
        )
    announce_unread(user=user)
    events.broadcast_on_commit(
        events.conversation_group(conversation.pk),
        events.read_position(
            conversation_id=conversation.pk, user_id=user.pk, up_to=last.pk
        ),
    )
    return participant


def send_unread_summaries(*, now=None, delay_minutes: int | None = None) -> int:
    """E-mail each member who has messages unread for longer than the delay, and
    allows e-mail for messages, ONE summary of all of them (never one e-mail per
    message, never about what they read or were already told). Returns how many
    e-mails were sent. Run every few minutes by `manage.py send_message_emails`.

    A fixed number of queries whatever the number of members: the waiting
    messages of every member in one, their choices in one, and what was told
    saved in one; then one e-mail per member."""
    now = now or timezone.now()
    if delay_minutes is None:
        delay_minutes = settings.MESSAGE_EMAIL_DELAY_MINUTES
    cutoff = now - datetime.timedelta(minutes=delay_minutes)
    # One row per (message, member to tell): the join through the
    # conversation's participants is the same join in every condition.
    rows = (
        Message.objects.filter(
            hidden=False,
            created_at__lte=cutoff,
            pk__gt=Greatest(
                F("conversation__participants__last_read_id"),
                F("conversation__participants__emailed_up_to"),
            ),
            conversation__participants__user__email__gt="",
        )
        .exclude(author_id=F("conversation__participants__user_id"))
        .annotate(
            participant_id=F("conversation__participants__pk"),
            recipient_id=F("conversation__participants__user_id"),
        )
        .select_related("author__profile")
        .order_by("pk")
    )
    by_user: dict[int, list] = {}
    for message in rows:
        by_user.setdefault(message.recipient_id, []).append(message)
    if not by_user:
        return 0
    users = list(User.objects.filter(pk__in=by_user).select_related("profile"))
    channels = notification_selectors.channels_of(
        users=users, kind=Notification.Kind.MESSAGE
    )
    told: dict[int, int] = {}  # participant -> newest message e-mailed
    sent = 0
    try:
        for user in users:
            if not notification_selectors.by_email(channels[user.pk]):
                continue
            unread = by_user[user.pk]
            _email_summary(user=user, messages=unread)
            for message in unread:
                told[message.participant_id] = max(
                    told.get(message.participant_id, 0), message.pk
                )
            sent += 1
    finally:
        # Saved even when a later e-mail fails: nobody is told twice.
        Participant.objects.bulk_update(
            [Participant(pk=pk, emailed_up_to=newest) for pk, newest in told.items()],
            ["emailed_up_to"],
        )
    return sent


def _email_summary(*, user: User, messages: list) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "messages": messages,
            "url": settings.SITE_URL.rstrip("/") + reverse("conversation_list"),
        }
        subject = ngettext(
            "%(count)d unread message on Coup de main",
            "%(count)d unread messages on Coup de main",
            len(messages),
        ) % {"count": len(messages)}
        body = render_to_string("messaging/email_unread.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


# At the desk: a moderator acts in a resident's conversation, with their consent


def _others_in(conversation: Conversation, resident: User) -> str:
    return ", ".join(
        str(participant.user.display_name)
        for participant in conversation.participants.exclude(
            user=resident
        ).select_related("user__profile")
    )


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
        neighbourhood_services.write_journal(
            neighbourhood=conversation.neighbourhood,
            actor=helper,
            subject=resident,
            action=JournalEntry.Action.ACTED_FOR,
            details=_("sent a message to %(name)s")
            % {"name": _others_in(conversation, resident)},
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
        neighbourhood_services.write_journal(
            neighbourhood=conversation.neighbourhood,
            actor=helper,
            subject=resident,
            action=JournalEntry.Action.ACTED_FOR,
            details=_("marked the messages from %(name)s as read")
            % {"name": _others_in(conversation, resident)},
        )
