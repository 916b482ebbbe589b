"""The site's e-mail backend: it sends nothing itself, it puts every e-mail in
the outbox, from which the task queue sends it (`notifications.outbox`)."""

from django.core.mail.backends.base import BaseEmailBackend

from . import outbox


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        return len(outbox.queue_emails(messages=list(email_messages)))
