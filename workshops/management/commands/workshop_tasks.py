"""Lapse the seats offered and not confirmed in time (giving them to the next
person waiting), and send tomorrow's reminders: run every few minutes until a
task queue runs workshops.services.expire_offers and send_reminders."""

from django.core.management.base import BaseCommand

from workshops import services


class Command(BaseCommand):
    help = "Lapse unconfirmed seat offers and send tomorrow's workshop reminders."

    def handle(self, *args, **options):
        lapsed = services.expire_offers()
        reminded = services.send_reminders()
        self.stdout.write(f"{lapsed} offers lapsed, {reminded} sessions reminded")
