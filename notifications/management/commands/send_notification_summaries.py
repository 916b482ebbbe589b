from django.core.management.base import BaseCommand

from notifications.models import Frequency
from notifications.summaries import send_summaries


class Command(BaseCommand):
    help = "E-mail the daily (or, with --weekly, the weekly) summaries of news."

    def add_arguments(self, parser):
        parser.add_argument("--weekly", action="store_true")

    def handle(self, *args, weekly=False, **options):
        frequency = Frequency.WEEKLY if weekly else Frequency.DAILY
        sent = send_summaries(frequency=frequency)
        self.stdout.write(f"{sent} {frequency} summary e-mail(s) sent.")
