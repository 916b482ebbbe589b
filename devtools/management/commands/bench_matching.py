from devtools.bench.matching import run
from devtools.management.base import BenchCommand


class Command(BenchCommand):
    help = (
        "Measure the matching (for you, neighbours who could answer, similar "
        "listings) and a tag-overlap baseline on the labelled set "
        "devtools/bench/matching_set.json, rolled back at the end "
        "(devtools/bench/matching.py, docs/performance.md)."
    )
    writes = (
        "load a labelled set of members and listings (rolled back at the end, "
        "but written meanwhile)"
    )

    benchmark = staticmethod(run)
