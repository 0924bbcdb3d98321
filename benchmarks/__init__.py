"""Benchmarks: quality against peers, scale, load. Run as scripts from the repository root."""
