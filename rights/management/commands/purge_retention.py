from django.core.management.base import BaseCommand

from rights.retention import purge_retention


class Command(BaseCommand):
    help = (
        "Apply the retention periods: remind then remove unused accounts, purge "
        "closed listings and old notifications."
    )

    def handle(self, *args, **options):
        result = purge_retention()
        self.stdout.write(
            ", ".join(f"{name}: {count}" for name, count in sorted(result.items()))
        )
