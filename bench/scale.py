"""``python -m bench scale``: throughput of 1, then 4 worker processes on a PostgreSQL journal.

Each round queues the same number of filings into a fresh PostgreSQL schema, starts the worker
processes (one job in flight each) against a sandbox with 20 ms injected latency per request, and
measures filings per second from the moment all workers are ready until the last job is done.
Every job must have been claimed exactly once (attempts = 1) and the sandbox's store (counted over
its HTTP API) must hold each queued content exactly once. Goal: 4 workers >= 3x one worker.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from adapter.journal import open_journal
from adapter.journal.spool import Spool
from bench._queue import count_store, enqueue_batch, start_worker, stop, wait_done
from bench._sandbox import Sandbox, sandbox_process

PG_URL = os.environ.get("EGOV_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def fresh_schema() -> Iterator[str]:
    schema = f"bench_scale_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{PG_URL}?options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def _round(sb: Sandbox, processes: int, n: int, tmp: Path) -> dict[str, Any]:
    with fresh_schema() as url:
        journal, spool = open_journal(url), Spool(tmp / f"spool-{processes}")
        queued = enqueue_batch(journal, spool, n, tag=f"p{processes}-")
        workers = [start_worker(sb, url, spool.root, tmp / f"w{processes}-{i}", concurrency=1, lease_seconds=30)
                   for i in range(processes)]
        ready_done = journal.stats().depth["done"]  # type: ignore[index]
        try:
            seconds = wait_done(journal, n, 900)
        finally:
            for proc in workers:
                stop(proc)
        jobs = journal.list(None, n + 10)
        journal.close()
    store = count_store(sb, queued)
    sb.faults({"kind": "latency", "ms": 20})
    return {"worker_processes": processes, "filings": n, "filings_per_s": round((n - ready_done) / seconds, 1),
            "done_before_all_ready": ready_done, "jobs_claimed_twice": sum(j.attempts > 1 for j in jobs),
            "jobs_done": sum(j.state == "done" for j in jobs), "store_filed": store["filed"],
            "store_lost": store["lost"], "store_duplicates": store["duplicates"]}


def run(args: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench scale")
    parser.add_argument("--filings", type=int, default=600)
    opts = parser.parse_args(args)
    rounds = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        for processes in (1, 4):
            with sandbox_process() as sb:  # a fresh store per round, so each count is its own
                sb.faults({"kind": "latency", "ms": 20})
                started = time.monotonic()
                rounds.append(_round(sb, processes, opts.filings, Path(tmp)))
                rounds[-1]["round_seconds"] = round(time.monotonic() - started, 1)
    ratio = round(rounds[1]["filings_per_s"] / rounds[0]["filings_per_s"], 2)
    return {"latency_ms": 20, "rounds": rounds, "ratio_4_vs_1": ratio, "goal_ratio": 3.0, "goal_met": ratio >= 3,
            "no_job_twice": all(r["jobs_claimed_twice"] == 0 and r["store_duplicates"] == 0 for r in rounds)}
