"""The site's settings (those the benchmark runs under) with one more address,
the bare view of the pages benchmark."""

import importlib
import os

_site = importlib.import_module(
    os.environ.get("BENCH_SITE_SETTINGS", "config.settings")
)
globals().update({name: value for name, value in vars(_site).items() if name.isupper()})
ROOT_URLCONF = "devtools.bench.bare_urls"
