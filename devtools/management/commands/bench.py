from devtools.bench.run import FOCUS, NotABenchDatabase, run
from devtools.management.base import BenchCommand


class Command(BenchCommand):
    help = (
        'Time the "for you" suggestions and the search on generated data, in a '
        "database of its own (devtools/bench/run.py, docs/performance.md)."
    )
    writes = "fill the database with thousands of generated members and listings"

    benchmark = staticmethod(run)
    arguments = (
        "neighbourhoods",
        "members",
        "sizes",
        "repeat",
        "seed",
        "focus",
        "explain",
    )
    renamed = {"explain": "show_plans"}
    refusals = (
        NotABenchDatabase,
        ValueError,
    )

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
