import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from community.services import make_operator


class Command(BaseCommand):
    help = (
        "Make EMAIL a site operator (creating the account if needed): operators "
        "create organisations and invite their first coordinators in the site."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--no-input",
            action="store_true",
            help="Ask for no password: the operator sets one with 'Forgot "
            "password' on the login page.",
        )

    def handle(self, *args, email, no_input, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email}") from error
        password = None
        if not no_input:
            password = getpass.getpass("Password (empty: set it later by e-mail): ")
            if password and password != getpass.getpass("Password again: "):
                raise CommandError("The two passwords differ.")
        user, created = make_operator(email=email, password=password or None)
        what = "created and made" if created else "made"
        self.stdout.write(f"{user.email}: account {what} a site operator.")
        if created and not password:
            self.stdout.write(
                "No password yet: use 'Forgot password' on the login page."
            )
