"""``python -m bench filing``: documents per second, adapter vs naive cmislib, and the adapter's peak RSS.

All file into existing folders of the same sandbox (its own process), sequentially and with 8 in
flight, at 0 ms and at 20 ms injected latency per request, taking turns for ``--rounds`` rounds;
the medians are reported (each contestant's min/max as ``spread``), with the CPU per document that
the runs cost in the sandbox and in the filer. The adapter runs over each binding of ``--bindings``
(``adapter_*``: Browser; ``atompub_*``, ``ws_*``: the other connectors); ``ratio_filer_cpu_ws_to_browser``
is the client CPU a filing costs over SOAP against the Browser binding's JSON. Then
``egov-adapter file`` and ``get`` move one large document (default 1 GiB) through a separate process
whose peak RSS is measured (GNU time's %M), against the same sandbox as an external DMS, over each
binding of ``--large-bindings``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench._filers import AdapterFiler, NaiveCmislibFiler, payload, workdir
from bench._sandbox import Sandbox, clean_env, sandbox_process

PAYLOAD = b"%PDF-1.7 " + b"x" * 20_000


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1)


@dataclass(frozen=True)
class Run:
    """One timed run: documents per second and the CPU per document in the sandbox and in this process."""

    docs_per_s: float
    sandbox_cpu_ms: float
    filer_cpu_ms: float


def _timed_run(sb: Sandbox, n: int, parallel: int, file_one: Callable[[int], None]) -> Run:
    sandbox_before, own_before, start = sb.cpu_seconds(), _own_cpu_seconds(), time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(file_one, range(n)))
    seconds = time.perf_counter() - start
    return Run(_rate(n, seconds), 1000 * (sb.cpu_seconds() - sandbox_before) / n,
               1000 * (_own_cpu_seconds() - own_before) / n)


def _adapter(sb: Sandbox, n: int, parallel: int, binding: str = "browser") -> Run:
    document = payload(PAYLOAD)
    filer = AdapterFiler(sb.url(binding), workdir(), binding)
    vorgang = filer.vorgang(filer.new_akte(f"Akte {time.monotonic_ns()}"), "Vorgang")
    filer.file(vorgang, "warm-up", document)
    return _timed_run(sb, n, parallel, lambda i: filer.file(vorgang, f"Dokument {i}", document))


def _naive(sb: Sandbox, n: int, parallel: int, folder: str) -> Run:
    filers = [NaiveCmislibFiler(sb.browser) for _ in range(parallel)]
    document = payload(PAYLOAD)
    tag = time.monotonic_ns()
    return _timed_run(sb, n, parallel, lambda i: filers[i % parallel].file(folder, f"naiv-{tag}-{i}.pdf", document))


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _throughput(sb: Sandbox, n: int, rounds: int, bindings: list[str]) -> dict[str, Any]:
    """Median docs/s of ``rounds`` rounds; within a round the contestants take turns (shared, noisy box).

    Each timed run also records the CPU it cost per document in the sandbox process and in this one
    (the filer); with both on the same cores, ``cpu_bound_docs_per_s`` is what those cores could give
    the adapter with 8 in flight if nothing else ran and nothing waited."""
    setup = AdapterFiler(sb.browser, workdir())
    folder = setup.vorgang(setup.new_akte("Baseline"), "Ablage").path
    contestants: dict[str, Callable[[], Run]] = {
        "adapter_sequential": lambda: _adapter(sb, n, 1), "naive_sequential": lambda: _naive(sb, n, 1, folder),
        "adapter_8_in_flight": lambda: _adapter(sb, n, 8), "naive_8_in_flight": lambda: _naive(sb, n, 8, folder)}
    for binding in (b for b in bindings if b != "browser"):
        contestants[f"{binding}_sequential"] = lambda b=binding: _adapter(sb, n, 1, b)  # type: ignore[misc]
        contestants[f"{binding}_8_in_flight"] = lambda b=binding: _adapter(sb, n, 8, b)  # type: ignore[misc]
    out: dict[str, Any] = {}
    for latency in (0, 20):
        sb.faults(*([{"kind": "latency", "ms": latency}] if latency else []))
        runs: dict[str, list[Run]] = {name: [] for name in contestants}
        for _ in range(rounds):
            for name, run_once in contestants.items():
                runs[name].append(run_once())
        rates = {name: [r.docs_per_s for r in done] for name, done in runs.items()}
        row: dict[str, Any] = {name: statistics.median(values) for name, values in rates.items()}
        row["ratio_sequential"] = round(row["adapter_sequential"] / row["naive_sequential"], 2)
        row["ratio_8_in_flight_vs_naive_sequential"] = round(row["adapter_8_in_flight"] / row["naive_sequential"], 2)
        row["ratio_8_in_flight_vs_naive_8"] = round(row["adapter_8_in_flight"] / row["naive_8_in_flight"], 2)
        row["spread"] = {name: [min(values), max(values)] for name, values in rates.items()}
        row["cpu_ms_per_doc"] = {name: {"sandbox": round(statistics.median(r.sandbox_cpu_ms for r in done), 2),
                                        "filer": round(statistics.median(r.filer_cpu_ms for r in done), 2)}
                                 for name, done in runs.items()}
        busy = row["cpu_ms_per_doc"]["adapter_8_in_flight"]
        row["cpu_bound_docs_per_s"] = round((os.cpu_count() or 1) * 1000 / (busy["sandbox"] + busy["filer"]), 1)
        for binding in (b for b in bindings if b != "browser"):
            for mode in ("sequential", "8_in_flight"):
                ours, browser = row["cpu_ms_per_doc"][f"{binding}_{mode}"], row["cpu_ms_per_doc"][f"adapter_{mode}"]
                row[f"ratio_filer_cpu_{binding}_to_browser_{mode}"] = round(ours["filer"] / browser["filer"], 2)
                row[f"ratio_docs_per_s_{binding}_to_browser_{mode}"] = round(
                    row[f"{binding}_{mode}"] / row[f"adapter_{mode}"], 2)
        out[f"latency_{latency}ms_docs_per_s"] = row
    sb.faults()
    return out


def _timed(args: list[str], env: dict[str, str]) -> tuple[int, float, str]:
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "adapter", *args],
                            capture_output=True, text=True, env=env, timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {result.stderr[-500:]}")
    return int(result.stderr.strip().splitlines()[-1]), time.perf_counter() - start, result.stdout


def _big_document(sb: Sandbox, mib: int, binding: str = "browser") -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-big-") as tmp:
        big = Path(tmp) / "gross.pdf"
        block = os.urandom(1024 * 1024)
        with open(big, "wb") as out:
            for _ in range(mib):
                out.write(block)
        env = clean_env(EGOV_DATA_DIR=str(Path(tmp) / "data"), EGOV_DMS_URL=sb.url(binding), EGOV_DMS_USER="admin",
                        EGOV_DMS_PASSWORD="admin", EGOV_LOG_LEVEL="warning", EGOV_DMS_BINDING=binding,
                        EGOV_DMS_PROFILE="generic-ws" if binding == "ws" else "generic")
        rss_file, secs_file, stdout = _timed(["file", str(big), "--class", "posteingang",
                                              "--betreff", f"Gross {binding}",
                                              "--eingangsdatum", "2026-11-26T10:00:00+01:00"], env)
        import json

        doc = json.loads(stdout)["dokument"]
        rss_get, secs_get, _ = _timed(["get", doc, "--out", str(Path(tmp) / "zurueck.pdf")], env)
        same = (Path(tmp) / "zurueck.pdf").stat().st_size == big.stat().st_size
    return {"size_mib": mib, "file_peak_rss_mib": round(rss_file / 1024, 1), "file_seconds": round(secs_file, 1),
            "file_mib_per_s": round(mib / secs_file, 1), "get_peak_rss_mib": round(rss_get / 1024, 1),
            "get_seconds": round(secs_get, 1), "get_mib_per_s": round(mib / secs_get, 1),
            "round_trip_size_equal": same, "sandbox_peak_rss_mib": round(sb.rss_kib() / 1024, 1)}


def run(args: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench filing")
    parser.add_argument("--documents", type=int, default=80, help="documents per contestant and round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the medians are reported")
    parser.add_argument("--size-mib", type=int, default=1024, help="size of the large document (0 skips)")
    parser.add_argument("--bindings", default="browser,atompub,ws", help="the adapter's bindings to time")
    parser.add_argument("--large-bindings", default="browser,ws", help="bindings that move the large document")
    opts = parser.parse_args(args)
    bindings = ["browser", *(b for b in opts.bindings.split(",") if b and b != "browser")]
    with sandbox_process() as sb:
        result: dict[str, Any] = {"documents": opts.documents, "rounds": opts.rounds, "payload_bytes": len(PAYLOAD)}
        result.update(_throughput(sb, opts.documents, opts.rounds, bindings))
        for binding in opts.large_bindings.split(",") if opts.size_mib else ():
            key = "large_document" if binding == "browser" else f"large_document_{binding}"
            result[key] = _big_document(sb, opts.size_mib, binding)
    return result
