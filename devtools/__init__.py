"""Tools for developers: the demo data and the benchmarks, with their commands.

Never imported by the site's apps, and its commands refuse to run when DEBUG is
off (see devtools.management.base)."""
