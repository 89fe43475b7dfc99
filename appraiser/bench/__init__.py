"""Benchmarks: ``python -m appraiser.bench NAME [--quick]``; figures as one JSON line."""
