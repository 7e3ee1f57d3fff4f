"""Benchmarks: synthetic graphs (generate) and timings against raw engines (run)."""
