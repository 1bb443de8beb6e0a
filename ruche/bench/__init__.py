"""Benchmarks run against a real server (``ruche bench ...``)."""
