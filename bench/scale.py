"""``python -m bench scale``: throughput of 1, then 4 worker processes on a PostgreSQL journal.

Each round queues the same number of filings (same requests, same content size) into a fresh
PostgreSQL schema, held back (not yet due), starts the worker processes (one job in flight each)
against a sandbox with 20 ms injected latency per request, waits until every worker is ready (start-up
is never timed, and no worker gets a head start), then releases all jobs at once. The time of each
job is its ``finished_at`` in the journal, not a poll: ``filings_per_s`` counts from the release to
the last completion; ``steady_filings_per_s`` over the middle 80 % of completions (no warm-up, no
tail). The ratio is taken from the steady figures, the whole-window ratio is reported beside it.
Every job must have been claimed exactly once (attempts = 1) and the sandbox's store (counted over
its HTTP API) must hold each queued content exactly once. Goal: 4 workers >= 3x one worker.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
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


def _gate(url: str, release: bool) -> datetime:
    """Hold every queued job back (not due for centuries), or release them all due at once; returns now."""
    due = "created_at" if release else "created_at + interval '1000 years'"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"UPDATE jobs SET next_attempt_at = {due} WHERE state = 'staged'")
    return datetime.now(UTC)


def _rates(released: datetime, finished: Sequence[datetime]) -> tuple[float, float]:
    """(jobs/s from the release to the last completion, jobs/s over the middle 80 % of completions)."""
    times = sorted((t - released).total_seconds() for t in finished)
    lo, hi = len(times) // 10, len(times) - 1 - len(times) // 10
    return len(times) / times[-1], (hi - lo) / (times[hi] - times[lo])


def _round(sb: Sandbox, processes: int, n: int, tmp: Path) -> dict[str, Any]:
    with fresh_schema() as url:
        journal, spool = open_journal(url), Spool(tmp / f"spool-{processes}")
        queued = enqueue_batch(journal, spool, n, tag=f"p{processes}-")
        _gate(url, release=False)
        workers = [start_worker(sb, url, spool.root, tmp / f"w{processes}-{i}", concurrency=1, lease_seconds=30)
                   for i in range(processes)]
        try:
            released = _gate(url, release=True)
            wait_done(journal, n, 900)
        finally:
            for proc in workers:
                stop(proc)
        jobs = journal.list(None, n + 10)
        journal.close()
    store = count_store(sb, queued)
    sb.faults({"kind": "latency", "ms": 20})
    whole, steady = _rates(released, [j.finished_at for j in jobs if j.finished_at is not None])
    return {"worker_processes": processes, "filings": n, "filings_per_s": round(whole, 1),
            "steady_filings_per_s": round(steady, 1), "jobs_claimed_twice": sum(j.attempts > 1 for j in jobs),
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
    ratio = round(rounds[1]["steady_filings_per_s"] / rounds[0]["steady_filings_per_s"], 2)
    whole = round(rounds[1]["filings_per_s"] / rounds[0]["filings_per_s"], 2)
    return {"latency_ms": 20, "rounds": rounds, "ratio_4_vs_1": ratio, "ratio_4_vs_1_whole_window": whole,
            "goal_ratio": 3.0, "goal_met": ratio >= 3,
            "no_job_twice": all(r["jobs_claimed_twice"] == 0 and r["store_duplicates"] == 0 for r in rounds)}
