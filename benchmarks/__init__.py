"""Benchmarks of annot against the tools its users would otherwise run (see BENCHMARKS.md)."""
