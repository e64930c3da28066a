"""Benchmarks: scripts that measure speed (not tests; run with python -m benchmarks.NAME)."""
