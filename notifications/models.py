from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NOTIFICATION_TEXT_MAX_LENGTH = 300


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
    text = models.CharField(_("text"), max_length=NOTIFICATION_TEXT_MAX_LENGTH)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # Names what the notification is about, so nobody is told twice.
    key = models.CharField(_("about"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        # Kept under the name it had when the messaging app held it.
        db_table = "messaging_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"],
                condition=~Q(key=""),
                name="notification_once_per_subject",
            )
        ]

    def __str__(self):
        return self.text


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
