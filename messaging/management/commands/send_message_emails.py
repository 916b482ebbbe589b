from django.core.management.base import BaseCommand

from messaging.services import send_unread_summaries


class Command(BaseCommand):
    help = "E-mail members one summary of the messages they left unread."

    def handle(self, *args, **options):
        sent = send_unread_summaries()
        self.stdout.write(f"{sent} summary e-mail(s) sent.")
