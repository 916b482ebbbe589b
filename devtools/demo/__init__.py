"""Demo data: one module per domain, put together by devtools.demo.seed."""
