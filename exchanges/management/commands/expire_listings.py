from django.core.management.base import BaseCommand

from exchanges.services import expire_listings


class Command(BaseCommand):
    help = "Close listings past their date and remind authors a week before."

    def handle(self, *args, **options):
        result = expire_listings()
        self.stdout.write(
            f"{result['expired']} listing(s) expired, "
            f"{result['reminded']} author(s) reminded."
        )
