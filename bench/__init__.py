"""Benchmarks: ``python -m bench NAME`` runs our code and its baseline in the same run, prints JSON.

Each module ``bench/NAME.py`` exposes ``run(args: list[str]) -> dict``. Quote medians and ratios:
the machines are shared and noisy.
"""
