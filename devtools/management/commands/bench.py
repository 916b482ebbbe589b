from django.core.management.base import CommandError

from devtools.bench.run import FOCUS, NotABenchDatabase, run
from devtools.management.base import DevtoolsCommand


class Command(DevtoolsCommand):
    help = (
        'Time the "for you" suggestions and the search on generated data, in a '
        "database of its own (devtools/bench/run.py, docs/performance.md)."
    )
    writes = "fill the database with thousands of generated members and listings"

    def add_arguments(self, parser):
        parser.add_argument("--neighbourhoods", type=int, default=100)
        parser.add_argument("--members", type=int, default=10_000)
        parser.add_argument(
            "--sizes",
            type=int,
            nargs="+",
            default=[1_000, 100_000],
            help="numbers of listings to time at, increasing",
        )
        parser.add_argument("--repeat", type=int, default=100)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--focus",
            type=int,
            default=FOCUS,
            help="neighbourhoods that get the first size's listings and whose "
            "residents are timed (0: spread everywhere, pages nearly empty at "
            "the first size)",
        )
        parser.add_argument(
            "--explain",
            action="store_true",
            help="print each query of one call, and the plan of the slowest",
        )

    def handle(self, *args, **options):
        self.stderr.style_func = None  # progress, not errors
        try:
            run(
                neighbourhoods=options["neighbourhoods"],
                members=options["members"],
                sizes=options["sizes"],
                repeat=options["repeat"],
                seed=options["seed"],
                focus=options["focus"],
                show_plans=options["explain"],
                out=self.stdout,
                log=self.stderr,
            )
        except (NotABenchDatabase, ValueError) as error:
            raise CommandError(str(error)) from error
