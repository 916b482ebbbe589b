from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import texts

NOTIFICATION_TEXT_MAX_LENGTH = 300


class Frequency(models.TextChoices):
    """How often the e-mails of one kind of news come."""

    IMMEDIATE = "immediate", _("At once, one e-mail each")
    DAILY = "daily", _("In one summary a day")
    WEEKLY = "weekly", _("In one summary a week")


class Notification(models.Model):
    """Something a member should know about. Stored first, then made live on
    their open pages and e-mailed to the absent, as they chose."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("New message")
        RESPONSE = "response", _("Response to my listing")
        MATCH = "match", _("New listing for me")
        EXCHANGE = "exchange", _("News of an exchange")
        LISTING = "listing", _("My listing is about to expire")
        MEMBERSHIP = "membership", _("Membership approved or declined")
        MODERATION = "moderation", _("Moderation decision about me")
        CHARTER = "charter", _("Charter changed")
        WORKSHOP = "workshop", _("News of my workshops")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("for"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # The words as written when the news came, in the reader's language of
    # then: shown only when the message below is unknown (older news).
    text = models.CharField(_("text"), max_length=NOTIFICATION_TEXT_MAX_LENGTH)
    # What is said (a key of `notifications.texts.TEXTS`) and its parameters:
    # written in the reader's language each time it is shown or sent.
    message = models.CharField(_("message"), max_length=40, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # Names what the notification is about, so nobody is told twice.
    key = models.CharField(_("about"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The summary e-mail that will tell it (daily or weekly), until it is sent.
    summary = models.CharField(
        _("waiting for the summary"),
        max_length=9,
        choices=[
            (Frequency.DAILY.value, Frequency.DAILY.label),
            (Frequency.WEEKLY.value, Frequency.WEEKLY.label),
        ],
        blank=True,
    )

    class Meta:
        # Kept under the name it had when the messaging app held it.
        db_table = "messaging_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(
                fields=["summary", "user"],
                condition=~Q(summary=""),
                name="notification_in_summary",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"],
                condition=~Q(key=""),
                name="notification_once_per_subject",
            )
        ]

    def __str__(self):
        return self.text

    def words(self) -> str:
        """What the notification says, in the active language."""
        return texts.render(self.message, self.params, fallback=self.text)


class NotificationPreference(models.Model):
    """How a member wants to hear of one kind of news."""

    class Channel(models.TextChoices):
        SITE = "site", _("On the site")
        EMAIL = "email", _("By e-mail")
        BOTH = "both", _("On the site and by e-mail")
        NONE = "none", _("Not at all")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Notification.Kind.choices)
    channel = models.CharField(
        _("how"), max_length=6, choices=Channel.choices, default=Channel.SITE
    )
    frequency = models.CharField(
        _("how often by e-mail"),
        max_length=9,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATE,
    )
    # Also pushed to the devices on which the member turned push on.
    push = models.BooleanField(_("on my devices (push)"), default=True)

    class Meta:
        db_table = "messaging_notificationpreference"
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="one_preference_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.kind}: {self.channel}"


class PushSubscription(models.Model):
    """One device (a browser on a phone or a computer) on which a member
    turned push notifications on: where its push service takes them, and the
    keys with which they are encrypted for it alone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
        verbose_name=_("member"),
    )
    endpoint = models.URLField(_("push service address"), max_length=1000, unique=True)
    p256dh = models.CharField(_("public key"), max_length=200)
    auth = models.CharField(_("authentication secret"), max_length=100)
    device = models.CharField(_("device"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("turned on"), auto_now_add=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.user}: {self.device}"


# An e-mail that fails this many times in a row marks its address as failing.
EMAIL_MAX_ATTEMPTS = 6
# The first retry waits this long, each next one twice as long as the one before.
EMAIL_FIRST_RETRY_SECONDS = 60
# A claimed e-mail whose sender vanished (a consumer stopped mid-send) is tried
# again after this long.
EMAIL_CLAIM_TIMEOUT_SECONDS = 600
# Sent e-mails (their text is personal data) are deleted after this many days.
EMAIL_KEEP_SENT_DAYS = 7


class OutgoingEmail(models.Model):
    """One e-mail on its way: written in the same transaction as what caused it,
    sent by the task queue, claimed by one consumer at a time (an atomic update
    from pending to sending), so that no e-mail leaves twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    from_email = models.CharField(_("from"), max_length=300)
    to = models.JSONField(_("to"), default=list)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("body"))
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due")
        ]

    def __str__(self):
        return self.subject


class FailingAddress(models.Model):
    """An address to which e-mail keeps failing: shown to its owner on their
    notification settings and to the desk. Cleared by the next e-mail that
    goes through."""

    email = models.EmailField(_("address"), unique=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("failing since"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last failure"), auto_now=True)

    class Meta:
        verbose_name = _("failing address")
        verbose_name_plural = _("failing addresses")

    def __str__(self):
        return self.email
