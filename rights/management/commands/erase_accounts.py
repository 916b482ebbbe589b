from django.core.management.base import BaseCommand

from rights.services import erase_due_accounts


class Command(BaseCommand):
    help = "Erase the accounts whose grace period after deletion is over."

    def handle(self, *args, **options):
        count = erase_due_accounts()
        self.stdout.write(f"{count} account(s) erased.")
