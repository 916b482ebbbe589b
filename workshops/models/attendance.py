"""After a session: who did not come, and what those who came thought."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .workshops import Session

COMMENT_MAX_LENGTH = 300
# The staff see a member who missed this many sessions without cancelling.
NO_SHOW_ALERT = 2


class Satisfaction(models.Model):
    """What a member who came thought of a session: one of three faces and, if
    they like, a sentence. Shown to the organisers only in aggregate."""

    class Face(models.IntegerChoices):
        SAD = 1, _("Not happy")
        NEUTRAL = 2, _("So-so")
        HAPPY = 3, _("Happy")

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="satisfactions",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    face = models.PositiveSmallIntegerField(_("how was it?"), choices=Face.choices)
    comment = models.CharField(
        _("a word about it"), max_length=COMMENT_MAX_LENGTH, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="one_satisfaction_per_session"
            )
        ]

    def __str__(self):
        return f"{self.session} · {self.face}"
