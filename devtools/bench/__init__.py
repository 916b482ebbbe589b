"""Benchmarks: code that times the site on generated data (docs/performance.md).
Not part of the site and never imported by it."""
