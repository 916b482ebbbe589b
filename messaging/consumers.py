"""The WebSocket of an open page: it carries traffic and nothing else. Frames
in: join a conversation (with the last id the page has), send, read, typing.
Frames out: new messages, read positions, typing, acknowledgements, the
member's notifications and unread counts, and errors. Every inbound frame is
checked again (membership on each one, the rest by the services); a bad frame
gets an error frame back and the connection stays open."""

import json
import time

from channels.db import DatabaseSyncToAsync
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from community.navigation import checked_id
from neighbourhoods import selectors as neighbourhood_selectors
from neighbourhoods.permissions import NotAllowed
from realtime import events
from realtime.consumers import SocketConsumer

from . import selectors, services
from .models import Conversation

TYPING_INTERVAL = 3  # seconds
# Messages per query of a catch-up: a page away for long gets them all, in
# pages of this size.
CATCH_UP_PAGE = 200
# A message is at most 2,000 characters; a frame ten times that is not a message.
MAX_FRAME = 20_000


def in_database(function):
    """A frame's database work, off the event loop, in the one thread all the
    sockets of a process share (Channels' rule). A pool of threads was tried
    on PostgreSQL and withdrawn: frames then waited for a connection."""
    return DatabaseSyncToAsync(function, thread_sensitive=True)


def _conversation(user, pk):
    # Checked again on every frame: a member who left, was suspended, demoted
    # or blocked since the page opened is refused at once.
    return (
        selectors.followed_conversations(user=user)
        .select_related("neighbourhood")
        .get(pk=pk)
    )


def _still_followed(user, pk) -> bool:
    return selectors.followed_conversations(user=user).filter(pk=pk).exists()


class ChatConsumer(SocketConsumer):
    # Every open page holds a socket for hours, mostly idle, and a server holds
    # thousands of them: a socket keeps only what it needs, and what only some
    # pages use is made when first used (docs/performance.md, "Memory per idle
    # socket").
    typing_sent: dict[int, float] | None = None  # made when the member first types
    name: str | None = None  # read when the member first types
    # Messages this page has just sent: the service checked the member may
    # write at the commit, so their own frame needs no second check. Made when
    # the page first sends.
    sent_here: set[str] | None = None

    async def connect(self):
        self.user = self.scope.get("user")
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=4401)
            return
        # The conversations the page joined, each with the messages sent when
        # it joined: what the group brings as well is not sent twice.
        self.joined: dict[int, set[int]] = {}
        for group in self.member_groups():
            if not await self.enter(group, accepted=False):
                return
        await self.accept()
        # Counts may have changed while the page was away: send them now.
        await self.send_json(await in_database(services.unread_payload)(user=self.user))

    def member_groups(self) -> list[str]:
        """The member's own news (notifications, unread counts, changes of
        standing) on every page, and the end of the login session."""
        groups = [events.user_group(self.user.pk)]
        if session_key := self.scope.get("session_key"):
            groups.append(events.session_group(session_key))
        return groups

    def all_groups(self) -> list[str]:
        """Every group the socket is in."""
        return [
            *self.member_groups(),
            *(events.conversation_group(pk) for pk in self.joined),
        ]

    async def enter(self, group: str, *, accepted: bool = True) -> bool:
        """Join a group of the channel layer; with the layer out of reach, the
        socket closes with "try again later" (1013) and the page reconnects
        a little later: every page works without it meanwhile."""
        try:
            await self.channel_layer.group_add(group, self.channel_name)
        except events.LAYER_ERRORS as error:
            events.layer_failed(error)
            if not accepted:
                await self.accept()  # so that the page reads the code
            await self.close(code=1013)
            return False
        return True

    async def disconnect(self, code):
        if getattr(self, "joined", None) is None:
            return
        try:
            for group in self.all_groups():
                await self.channel_layer.group_discard(group, self.channel_name)
        except events.LAYER_ERRORS as error:
            # The layer forgets the channel by itself after its group expiry.
            events.layer_failed(error)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # Bad frames are answered, never allowed to close the page's socket.
        if text_data is None:
            await self.error("bad_frame", _("This frame is not understood."))
            return
        if len(text_data) > MAX_FRAME:
            await self.error("too_big", _("This frame is too long."))
            return
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            await self.error("bad_json", _("This frame is not valid JSON."))
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            await self.error("bad_frame", _("This frame is not understood."))
            return
        kind = content.get("type")
        if kind == "ping":
            await self.on_ping()
            return
        handler = {
            "join": self.on_join,
            "send": self.on_send,
            "read": self.on_read,
            "typing": self.on_typing,
        }.get(kind if isinstance(kind, str) else None)
        if handler is None:
            await self.error("unknown_type", _("This frame is not understood."))
            return
        # Only plain numbers the database holds: not Infinity, 1e400 or "²".
        conversation_id = checked_id(content.get("conversation"))
        if conversation_id is None:
            await self.error("bad_frame", _("This frame is not understood."))
            return
        if kind == "send":
            # send_message locks the conversation and checks that the member
            # may write in it now (a stronger rule than following it): read
            # once, not here and there.
            await self.on_send(Conversation(pk=conversation_id), content)
            return
        try:
            conversation = await in_database(_conversation)(self.user, conversation_id)
        except Conversation.DoesNotExist:
            await self.refuse(conversation_id)
            return
        await handler(conversation, content)

    async def refuse(self, conversation_id: int, client_id=None):
        detail = await in_database(services.follow_refusal)(self.user, conversation_id)
        await self.error("not_allowed", detail, client_id)

    async def on_join(self, conversation, content):
        """Join (or join again): the page gives the last number it received in
        order; every message after it comes, page after page, then "joined"
        says up to which number it is complete."""
        if not await self.enter(events.conversation_group(conversation.pk)):
            return
        self.joined.setdefault(conversation.pk, set())
        after = checked_id(content.get("after")) or 0
        # Read before the messages: every number up to it is in what follows.
        up_to = await in_database(selectors.last_number)(
            conversation_id=conversation.pk
        )
        # The page is in the group before the missed ones are read, so that
        # nothing falls between the two; what both bring is sent once.
        sent = self.joined[conversation.pk] = set()
        while True:
            page = await in_database(self._missed)(conversation, after)
            for payload in page:
                sent.add(payload["id"])
                await self.send_json(payload)
            if len(page) < CATCH_UP_PAGE:
                break
            after = page[-1]["seq"]
        for payload in await in_database(self._read_positions)(conversation):
            await self.send_json(payload)
        await self.send_json(
            events.joined(conversation_id=conversation.pk, up_to=up_to)
        )

    def _missed(self, conversation, after):
        """One page of the messages numbered after `after`."""
        staff = neighbourhood_selectors.staff_ids(
            neighbourhood_id=conversation.neighbourhood_id
        )
        return [
            services.message_payload(message, staff=staff)
            for message in selectors.messages_after(
                conversation=conversation,
                after=after,
                limit=CATCH_UP_PAGE,
                reader=self.user,
            )
        ]

    def _read_positions(self, conversation):
        """How far the others have read (so a page that reconnects shows
        "read" again)."""
        return [
            events.read_position(
                conversation_id=conversation.pk, user_id=user_id, up_to=up_to
            )
            for user_id, up_to in selectors.read_positions(
                conversation=conversation, besides=self.user
            )
        ]

    async def on_ping(self):
        """A page says it is still there: its groups are renewed, so that the
        channel layer can forget the channels of servers that died (its group
        expiry) without forgetting the pages that live on."""
        for group in self.all_groups():
            if not await self.enter(group):
                return
        await self.send_json(events.pong())

    async def on_send(self, conversation, content):
        client_id = content.get("client_id")
        # Named back in an error frame only as what a page sends: a string.
        client_id = client_id if isinstance(client_id, str) else None
        try:
            message = await in_database(services.send_message)(
                user=self.user,
                conversation=conversation,
                text=str(content.get("text", "")),
                client_id=client_id or "",
            )
        except Conversation.DoesNotExist:
            await self.refuse(conversation.pk, client_id)
            return
        except NotAllowed as error:
            await self.error("not_allowed", error.message, client_id)
            return
        except ValidationError as error:
            await self.error(
                error.code or "invalid",
                " ".join(error.messages),
                client_id,
            )
            return
        if not message.held:
            # Made at the first message; forgotten past 100 (frames lost on
            # the way).
            if self.sent_here is None or len(self.sent_here) > 100:
                self.sent_here = set()
            self.sent_here.add(str(message.client_id))
        await self.send_json(
            events.ack(
                conversation_id=conversation.pk,
                client_id=str(message.client_id),
                message_id=message.pk,
                seq=message.seq or 0,
                held=message.held,
            )
        )

    async def on_read(self, conversation, content):
        up_to = checked_id(content.get("up_to"))
        if up_to is None:
            await self.error("bad_frame", _("This frame is not understood."))
            return
        await in_database(services.mark_read)(
            user=self.user, conversation=conversation, up_to=up_to
        )

    async def on_typing(self, conversation, content):
        # Nothing is stored; at most one frame every few seconds per page.
        now = time.monotonic()
        if self.typing_sent is None:
            self.typing_sent = {}
        if now - self.typing_sent.get(conversation.pk, 0) < TYPING_INTERVAL:
            return
        self.typing_sent[conversation.pk] = now
        try:
            # Who may no longer write (suspended, blocked, gone) is not
            # shown typing either.
            await in_database(services.check_may_write)(self.user, conversation)
        except NotAllowed as error:
            await self.error("not_allowed", error.message)
            return
        if self.name is None:
            # Not read on connect: every page opens a socket, few see typing.
            self.name = await in_database(lambda: str(self.user.display_name))()
        await events.broadcast_now(
            events.conversation_group(conversation.pk),
            events.typing(
                conversation_id=conversation.pk, user_id=self.user.pk, name=self.name
            ),
        )

    async def error(self, code, detail, client_id=None):
        await self.send_json(
            events.error(code=code, detail=detail, client_id=client_id)
        )

    # Standing and sessions: what the member lost closes at once.

    async def standing_changed(self, event):
        for conversation_id in list(self.joined):
            await self.still_follows(conversation_id)

    async def session_ended(self, event):
        # Logged out, or a new password: a page that reconnects logs in again.
        await self.close(code=4401)

    async def still_follows(self, conversation_id: int) -> bool:
        """Whether the member may still follow this conversation; if not, the
        socket leaves its group and the page is told why."""
        if conversation_id not in self.joined:
            return False
        if await in_database(_still_followed)(self.user, conversation_id):
            return True
        self.joined.pop(conversation_id, None)
        await self.channel_layer.group_discard(
            events.conversation_group(conversation_id), self.channel_name
        )
        detail = await in_database(services.follow_refusal)(self.user, conversation_id)
        await self.send_json(
            events.access_lost(conversation_id=conversation_id, detail=detail)
        )
        return False

    # Events of a conversation, forwarded to the page as they are, but only
    # while the member may still follow it: checked on every event, so that
    # nothing gets through even if a change of standing was not heard.

    async def message_new(self, event):
        already = self.joined.get(event["conversation"], ())
        if event["id"] in already:
            return
        mine = event.get("client_id") in (self.sent_here or ())
        if mine and event.get("author") == self.user.pk:
            self.sent_here.discard(event["client_id"])
            if event["conversation"] in self.joined:
                await self.send_json(event)
            return
        if await self.still_follows(event["conversation"]):
            await self.send_json(event)

    async def read_position(self, event):
        if await self.still_follows(event["conversation"]):
            await self.send_json(event)

    async def message_hidden(self, event):
        if await self.still_follows(event["conversation"]):
            await self.send_json(event)

    async def typing(self, event):
        if event["user"] != self.user.pk and await self.still_follows(
            event["conversation"]
        ):
            await self.send_json(event)

    async def notification(self, event):
        await self.send_json(event)

    async def unread(self, event):
        await self.send_json(event)

    async def unread_more(self, event):
        await self.send_json(event)
