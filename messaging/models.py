from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The longest chat message, read by the model, the form and the service.
MESSAGE_MAX_LENGTH = 2000


class Conversation(models.Model):
    """Two members of a neighbourhood talking, about a listing or not; or the
    room of the neighbourhood's moderators and coordinators."""

    class Kind(models.TextChoices):
        DIRECT = "direct", _("Between two members")
        STAFF = "staff", _("Moderators' room")

    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("neighbourhood"),
    )
    kind = models.CharField(
        _("kind"), max_length=6, choices=Kind.choices, default=Kind.DIRECT
    )
    listing = models.ForeignKey(
        "exchanges.Listing",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("about the listing"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)
    # The number of the last message: each message takes the next one in the
    # transaction that saves it, the row locked, so numbers follow the order of
    # the commits. An open page that sees a number missing asks for it.
    last_seq = models.PositiveBigIntegerField(_("last message number"), default=0)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood"],
                condition=Q(kind="staff"),
                name="one_staff_room_per_neighbourhood",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("conversation_detail", kwargs={"pk": self.pk})


class Participant(models.Model):
    """A member in a conversation, and how far they have read."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participations",
    )
    last_read_id = models.PositiveBigIntegerField(_("read up to"), default=0)
    # The last message already told by e-mail: nobody is e-mailed twice about it.
    emailed_up_to = models.PositiveBigIntegerField(_("e-mailed up to"), default=0)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="participant_once"
            )
        ]

    def __str__(self):
        return f"{self.user} in {self.conversation}"


class Message(models.Model):
    """One message. The id chosen by the sending client makes a retry harmless."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("conversation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("author"),
    )
    client_id = models.UUIDField(_("id given by the sender's device"))
    # Its number in the conversation, in commit order (see Conversation.last_seq).
    seq = models.PositiveBigIntegerField(_("number"), null=True, blank=True)
    text = models.TextField(_("text"), max_length=MESSAGE_MAX_LENGTH)
    helped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent with the help of"),
    )
    hidden = models.BooleanField(_("hidden by the moderators"), default=False)
    # Held by the watch list: hidden from the others until a moderator looks;
    # its author sees it "awaiting review".
    held = models.BooleanField(_("awaiting review"), default=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_id"], name="message_once_per_client_id"
            ),
            # Also the index of a page's catch-up, by number.
            models.UniqueConstraint(
                fields=["conversation", "seq"], name="message_number_once"
            ),
        ]
        indexes = [
            models.Index(fields=["conversation", "id"], name="message_order"),
            # The flood limit counts a person's recent messages.
            models.Index(
                fields=["author", "created_at"], name="message_recent_by_author"
            ),
        ]

    def __str__(self):
        return self.text[:40]
