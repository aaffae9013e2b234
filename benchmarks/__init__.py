"""Benchmarks for issue #8: `make bench` (or `python -m benchmarks`) measures every figure in one run."""
