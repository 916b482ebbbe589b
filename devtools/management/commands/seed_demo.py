from devtools.demo.neighbourhoods import DEMO_CODE
from devtools.demo.people import DEMO_PASSWORD
from devtools.demo.seed import seed_demo
from devtools.management.base import DevtoolsCommand


class Command(DevtoolsCommand):
    help = "Load the demo data (a centre social, two neighbourhoods, ~40 residents)."
    writes = "create about forty demo accounts that share one known password"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed, **options):
        result = seed_demo(seed=seed)
        self.stdout.write(f"Demo data ready ({result.created_people} people created).")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, pseudonym in result.logins:
            self.stdout.write(f"  {email:<32} {pseudonym}")
        self.stdout.write(
            f"Invitation code for Les Tilleuls: {DEMO_CODE[:4]}-{DEMO_CODE[4:]}"
        )
