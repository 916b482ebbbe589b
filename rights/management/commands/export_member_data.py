from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from community.models import User
from rights.export import build_export


class Command(BaseCommand):
    help = (
        "Write the ZIP of everything about the member of EMAIL to FILE: the "
        "operator's answer to a request made by post or at the desk."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("file", type=Path)

    def handle(self, *args, email, file, **options):
        user = User.objects.filter(email__iexact=email, erased_at__isnull=True).first()
        if user is None:
            raise CommandError(f"No account with the e-mail {email}.")
        file.write_bytes(build_export(user=user))
        self.stdout.write(f"{file}: the data of {email}.")
