"""Micro-benchmarks (pytest-benchmark); not collected by `make test`."""
