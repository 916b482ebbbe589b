from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountDeletion(models.Model):
    """A member asked to delete their account: it is erased after the grace
    period, unless they log in before."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deletion",
        verbose_name=_("account"),
    )
    requested_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    erase_after = models.DateTimeField(_("erased after"))
    # At the desk, for an assisted account: the moderator who recorded it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded at the desk by"),
    )

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")
        indexes = [models.Index(fields=["erase_after"])]

    def __str__(self):
        return f"{self.user_id} {self.erase_after:%Y-%m-%d}"


class RetentionReminder(models.Model):
    """An account left unused (its e-mail never confirmed, or no neighbourhood
    ever joined) was told it will be removed: once only."""

    class Reason(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail address never confirmed")
        UNJOINED = "unjoined", _("No neighbourhood joined")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="retention_reminder",
        verbose_name=_("account"),
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    sent_at = models.DateTimeField(_("sent on"))

    class Meta:
        verbose_name = _("reminder before removal")
        verbose_name_plural = _("reminders before removal")

    def __str__(self):
        return f"{self.user_id} {self.reason}"


class DataExport(models.Model):
    """A member's data, built in the task queue when they ask for it, kept
    until its download link expires (DATA_EXPORT_LINK_HOURS after it is
    ready), then purged."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("account"),
    )
    requested_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready on"), null=True, blank=True)
    content = models.BinaryField(_("file"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        indexes = [models.Index(fields=["user", "-requested_at"])]

    def __str__(self):
        return f"{self.user_id} {self.requested_at:%Y-%m-%d %H:%M}"
