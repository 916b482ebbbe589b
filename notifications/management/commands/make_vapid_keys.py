"""Make the key pair with which the site signs its push notifications (VAPID),
and print the lines to put in the environment (.env)."""

from django.core.management.base import BaseCommand

from notifications import push


class Command(BaseCommand):
    help = (
        "Make a VAPID key pair for push notifications and print the settings "
        "lines (keep the private key secret; changing it turns push off on "
        "every device)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--subject",
            default="",
            help="how push services may reach you: mailto:you@example.org or "
            "https://your.site (default: DEFAULT_FROM_EMAIL)",
        )

    def handle(self, *args, subject, **options):
        private, public = push.make_keys()
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}")
        self.stdout.write(f"VAPID_SUBJECT={subject or push.subject()}")
        self.stdout.write(f"# The public key (browsers get it from the site): {public}")
