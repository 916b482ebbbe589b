from devtools.bench.chat import CannotRun
from devtools.bench.pages import CONCURRENCY, SECONDS, missing_tools, run
from devtools.bench.run import NotABenchDatabase
from devtools.management.base import BenchCommand


class Command(BenchCommand):
    help = (
        "Load the pages logged-in members browse, through two server processes "
        "on PostgreSQL and Redis, with wrk, beside a bare view "
        "(devtools/bench/pages.py, docs/performance.md)."
    )
    writes = "create generated members, their listings and conversations"

    benchmark = staticmethod(run)
    arguments = ("pairs", "concurrency", "seconds")
    refusals = (NotABenchDatabase, CannotRun, ValueError)

    def add_arguments(self, parser):
        parser.add_argument(
            "--pairs", type=int, default=25, help="pairs of members who browse"
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=CONCURRENCY,
            help="members loading pages at once",
        )
        parser.add_argument(
            "--seconds", type=float, default=SECONDS, help="seconds per page"
        )

    def handle(self, *args, **options):
        if reason := missing_tools():
            # Not a failure: `make bench` runs on SQLite without them.
            self.stdout.write(f"pages_bench: {reason}")
            return
        return super().handle(*args, **options)
