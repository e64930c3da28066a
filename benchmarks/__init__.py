"""Benchmarks: scripts that measure, not tests."""
