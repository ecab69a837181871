"""``python -m bench faults``: queued filings through worker processes against a sandbox injecting faults.

About 20 % of requests meet a fault, every kind at once (lose_response, reset, error, corrupt_content,
query_lag, latency, slow_body, each ~3 %). The documents are then counted in the sandbox's store over
its HTTP API (listed, downloaded, hashed; not from our journal): lost and duplicates must be 0.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from adapter.journal import open_journal
from adapter.journal.spool import Spool
from bench._queue import count_store, enqueue_batch, start_worker, stop, wait_done
from bench._sandbox import sandbox_process

CREATES = ["POST createDocument", "POST createFolder"]


def fault_rules(rate: float) -> list[dict[str, Any]]:
    """Seven kinds, each at ``rate`` / 7 (independent dice: about ``rate`` of requests meet one)."""
    each = round(rate / 7, 4)
    return [{"kind": "lose_response", "rate": each, "match": CREATES}, {"kind": "reset", "rate": each},
            {"kind": "error", "status": 503, "rate": each}, {"kind": "corrupt_content", "rate": each},
            {"kind": "query_lag", "ms": 5_000, "rate": each}, {"kind": "latency", "ms": 200, "rate": each},
            {"kind": "slow_body", "bytes_per_second": 100_000, "rate": each}]


def run(args: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench faults")
    parser.add_argument("--filings", type=int, default=2000)
    parser.add_argument("--fault-rate", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--concurrency", type=int, default=4, help="jobs in flight per worker")
    opts = parser.parse_args(args)
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp, sandbox_process() as sb:
        url = f"sqlite:///{Path(tmp) / 'journal.db'}"
        journal, spool = open_journal(url), Spool(Path(tmp) / "spool")
        queued = enqueue_batch(journal, spool, opts.filings)
        before = sb.requests_made()
        sb.faults(*fault_rules(opts.fault_rate))
        began = time.monotonic()
        workers = [start_worker(sb, url, spool.root, Path(tmp) / f"w{n}", concurrency=opts.concurrency,
                                lease_seconds=30) for n in range(opts.workers)]
        try:
            wait_done(journal, opts.filings, 1800)
            seconds = time.monotonic() - began  # worker start-up included
        finally:
            for proc in workers:
                stop(proc)
        requests_made = sb.requests_made() - before
        jobs = journal.list(None, opts.filings + 10)
        result: dict[str, Any] = {
            "filings": opts.filings, "fault_rate": opts.fault_rate, "worker_processes": opts.workers,
            "concurrency": opts.concurrency, "seconds": round(seconds, 1),
            "filings_per_s": round(opts.filings / seconds, 1), "dms_requests": requests_made,
            "jobs_done": sum(j.state == "done" for j in jobs),
            "jobs_dead_lettered": sum(j.state == "dead_letter" for j in jobs),
            "job_attempts_total": sum(j.attempts for j in jobs)}
        journal.close()
        result["store"] = count_store(sb, queued)
        result["ok"] = result["store"]["lost"] == 0 and result["store"]["duplicates"] == 0
    return result
