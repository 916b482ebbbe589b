from devtools.bench.chat import (
    BASELINE_REPEAT,
    IDLE_SOCKETS,
    CannotRun,
    missing_services,
    run,
)
from devtools.bench.run import NotABenchDatabase
from devtools.management.base import BenchCommand


def _names(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


class Command(BenchCommand):
    help = (
        "Time messages between pairs of members through two server processes on "
        "PostgreSQL and Redis, in a database of its own (devtools/bench/chat.py, "
        "docs/performance.md)."
    )
    writes = "create generated members and their conversations"

    benchmark = staticmethod(run)
    arguments = (
        "pairs",
        "messages",
        "pause",
        "burst",
        "seed",
        "baseline_repeat",
        "idle_sockets",
        "servers",
    )
    renamed = {"servers": "kinds"}
    refusals = (
        NotABenchDatabase,
        CannotRun,
        ValueError,
    )

    def add_arguments(self, parser):
        parser.add_argument("--pairs", type=int, default=200)
        parser.add_argument(
            "--messages",
            type=int,
            default=10,
            help="messages timed per pair, back and forth",
        )
        parser.add_argument(
            "--pause",
            type=float,
            default=5.0,
            help="mean seconds a member takes to answer (0: at once)",
        )
        parser.add_argument(
            "--burst",
            type=int,
            default=10,
            help="then messages per pair as fast as they go (0: no burst)",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--baseline-repeat",
            type=int,
            default=BASELINE_REPEAT,
            help="Redis publishes and PostgreSQL inserts timed for the floor",
        )
        parser.add_argument(
            "--servers",
            type=_names,
            default=("daphne",),
            help="the ASGI servers to time, one after the other in this run, "
            "e.g. daphne,uvicorn (the first one's figures keep the plain names)",
        )
        parser.add_argument(
            "--idle-sockets",
            type=int,
            default=IDLE_SOCKETS,
            help="idle pages opened on one server to weigh a socket (0: none)",
        )

    def handle(self, *args, **options):
        if reason := missing_services():
            # Not a failure: `make bench` runs on SQLite without them.
            self.stdout.write(f"chat_bench: {reason}")
            return
        return super().handle(*args, **options)
