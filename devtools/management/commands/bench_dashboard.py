from devtools.bench.dashboard import NotABenchDatabase, run
from devtools.management.base import BenchCommand


class Command(BenchCommand):
    help = (
        "Time the coordinators' dashboard on the 10,000-member dataset of "
        "`manage.py bench`, reused or made again, in a database of its own "
        "(devtools/bench/dashboard.py, docs/performance.md)."
    )
    writes = (
        "fill the database with thousands of generated members and a year of "
        "their activity"
    )

    benchmark = staticmethod(run)
    arguments = ("neighbourhoods", "members", "listings", "repeat", "seed", "reuse")
    refusals = (
        NotABenchDatabase,
        ValueError,
    )

    def add_arguments(self, parser):
        parser.add_argument("--neighbourhoods", type=int, default=100)
        parser.add_argument("--members", type=int, default=10_000)
        parser.add_argument(
            "--listings",
            type=int,
            default=100_000,
            help="listings made when the dataset is not there to reuse",
        )
        parser.add_argument("--repeat", type=int, default=30)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="take the dataset `manage.py bench` left, whatever its size",
        )
