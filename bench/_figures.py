"""The figures of ``python -m bench filing``: one row per injected latency, the latency bound, the goals.

See ``bench/filing.py`` for what the bound and the two goals mean.
"""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass
from typing import Any

LATENCIES_MS = (0, 20, 50)
PARALLEL_ONLY_MS = 50  # at this latency only the 8-in-flight contestants run (sequential ones would take long)
CPU_RATIO_GOAL = 0.5
BOUND_FRACTION_GOAL = 0.9


@dataclass(frozen=True)
class Run:
    """One timed run: documents per second, the CPU per document in the sandbox and in this process, and
    the requests per document the sandbox counted."""

    docs_per_s: float
    sandbox_cpu_ms: float
    filer_cpu_ms: float
    requests_per_doc: float


def row_of(runs: dict[str, list[Run]], bindings: list[str], latency: int,
         at_0ms: dict[str, Any] | None) -> dict[str, Any]:
    """Medians of one latency's runs, with the ratios between contestants and (with latency) the bound."""
    rates = {name: [r.docs_per_s for r in done] for name, done in runs.items()}
    row: dict[str, Any] = {name: statistics.median(values) for name, values in rates.items()}
    row["spread"] = {name: [min(values), max(values)] for name, values in rates.items()}
    row["cpu_ms_per_doc"] = {name: {"sandbox": round(statistics.median(r.sandbox_cpu_ms for r in done), 2),
                                    "filer": round(statistics.median(r.filer_cpu_ms for r in done), 2)}
                             for name, done in runs.items()}
    row["requests_per_doc"] = {name: round(statistics.median(r.requests_per_doc for r in done), 2)
                               for name, done in runs.items()}
    cpu = row["cpu_ms_per_doc"]
    for mode in ("sequential", "8_in_flight"):
        if f"naive_{mode}" in row:
            name = "ratio_sequential" if mode == "sequential" else "ratio_8_in_flight_vs_naive_8"
            row[name] = round(row[f"adapter_{mode}"] / row[f"naive_{mode}"], 2)
            row[f"ratio_filer_cpu_to_naive_{mode}"] = _paired(runs[f"adapter_{mode}"], runs[f"naive_{mode}"])
    if "naive_sequential" in row:
        row["ratio_8_in_flight_vs_naive_sequential"] = round(row["adapter_8_in_flight"] / row["naive_sequential"], 2)
    busy = cpu["adapter_8_in_flight"]
    row["cpu_bound_docs_per_s"] = round((os.cpu_count() or 1) * 1000 / (busy["sandbox"] + busy["filer"]), 1)
    for binding in (b for b in bindings if b != "browser"):
        for mode in ("sequential", "8_in_flight"):
            if f"{binding}_{mode}" not in row:
                continue
            ours, browser = cpu[f"{binding}_{mode}"], cpu[f"adapter_{mode}"]
            row[f"ratio_filer_cpu_{binding}_to_browser_{mode}"] = round(ours["filer"] / browser["filer"], 2)
            row[f"ratio_docs_per_s_{binding}_to_browser_{mode}"] = round(row[f"{binding}_{mode}"]
                                                                         / row[f"adapter_{mode}"], 2)
    if latency:
        row["latency_bound"] = {name: _bound(row, name, latency, at_0ms)
                                for name in runs if name.endswith("_8_in_flight")}
    return row


def _bound(row: dict[str, Any], name: str, latency: int, at_0ms: dict[str, Any] | None) -> dict[str, Any]:
    """The latency bound of one 8-in-flight contestant (see the module docstring) and the fraction reached."""
    per_doc = row["requests_per_doc"][name]
    bound = 8 / (per_doc * latency / 1000)
    out = {"requests_per_doc": per_doc, "bound_docs_per_s": round(bound, 1),
           "fraction": round(row[name] / bound, 3)}
    sequential = name.replace("_8_in_flight", "_sequential")
    if at_0ms and at_0ms.get(sequential):
        service_s = 1 / at_0ms[sequential]
        out["bound_with_service_docs_per_s"] = round(8 / (per_doc * latency / 1000 + service_s), 1)
    return out


def goals(out: dict[str, Any]) -> dict[str, Any]:
    """The issue's two goals, each with its figure and whether it is met."""
    bounds = out[f"latency_{PARALLEL_ONLY_MS}ms_docs_per_s"]["latency_bound"]
    fraction = bounds["adapter_8_in_flight"]["fraction"]
    floor = bounds["replay_8_in_flight"]["fraction"] if "replay_8_in_flight" in bounds else None
    ratio = out["latency_0ms_docs_per_s"]["ratio_filer_cpu_to_naive_sequential"]
    return {
        "latency_bound_fraction": {"value": fraction, "goal": f">= {BOUND_FRACTION_GOAL}",
                                   "met": fraction >= BOUND_FRACTION_GOAL,
                                   "at": f"{PARALLEL_ONLY_MS} ms injected latency, 8 in flight, adapter (Browser)",
                                   "floor": floor,
                                   "reachable": None if floor is None else floor >= BOUND_FRACTION_GOAL,
                                   "of_floor": None if not floor else round(fraction / floor, 3)},
        "filer_cpu_ratio_to_naive": {"value": ratio, "goal": f"<= {CPU_RATIO_GOAL}", "met": ratio <= CPU_RATIO_GOAL,
                                     "at": "0 ms, sequential, adapter (Browser) CPU per document over naive cmislib's"},
    }


def _paired(ours: list[Run], naive: list[Run]) -> float:
    """Median over rounds of our filer CPU per document over naive's in the same round (the two ran one
    after the other, so a busy spell on the shared box weighs on both sides of each ratio)."""
    return round(statistics.median(a.filer_cpu_ms / b.filer_cpu_ms for a, b in zip(ours, naive, strict=True)), 2)
