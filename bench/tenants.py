"""``python -m bench tenants [--jobs N] [--repeat R] [--concurrency C]``: one tenant's DMS stopped, the other keeps
filing at its normal rate.

Two tenants (``a``, ``b``) of one tenants file, each with its own sandbox in its own process, one PostgreSQL
journal, one ``egov-adapter worker`` process serving both (``--concurrency`` threads, fair claims across
tenants). Each round queues N filings of 20 KB for ``b`` (and N for ``a`` where it takes part), holds them
back, starts the worker (start-up is never timed), releases every job at once and measures how fast ``b``'s
jobs finish (their ``finished_at`` in the journal; jobs/s from the release to b's last completion, and over
the middle 80 % of b's completions). Three conditions, rounds alternating: ``alone`` (only b has jobs),
``beside`` (a has as many, its DMS up), ``a_down`` (a has as many and its sandbox process is killed before the
release: every attempt of a's jobs waits out the connector's retries, ~3 s, then is retried by the journal).
b's store is counted over its HTTP API after each round (every queued content exactly once).
Goal: b's rate with a's DMS down >= 0.8x its rate beside a healthy a.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from adapter.journal import open_shared_journal
from adapter.journal.spool import Spool
from bench._queue import ROOT, count_store, enqueue_batch
from bench._sandbox import AUTH, Sandbox, clean_env, median, sandbox_process
from bench.scale import fresh_schema


def _tenants_file(folder: Path, sandboxes: dict[str, Sandbox]) -> Path:
    text = "tenants:\n" + "".join(
        f"  - id: {t}\n    dms: {{url: {sb.browser}, user: {AUTH[0]}, password: {{env: BENCH_DMS_PASSWORD}}}}\n"
        for t, sb in sandboxes.items())
    path = folder / "tenants.yaml"
    path.write_text(text)
    return path


def _gate(url: str, release: bool) -> datetime:
    due = "created_at" if release else "created_at + interval '1000 years'"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"UPDATE jobs SET next_attempt_at = {due} WHERE state = 'staged'")
    return datetime.now(UTC)


def _worker(tenants: Path, url: str, data: Path, spool: Path, concurrency: int) -> subprocess.Popen[str]:
    env = clean_env(EGOV_TENANTS_FILE=str(tenants), EGOV_DATA_DIR=str(data), EGOV_JOURNAL_URL=url,
                    EGOV_SPOOL_DIR=str(spool), EGOV_JOURNAL_RETRY_BASE_SECONDS="1", EGOV_JOURNAL_MAX_ATTEMPTS="50",
                    EGOV_JOURNAL_LEASE_SECONDS="30", EGOV_WORKER_POLL_SECONDS="0.05", EGOV_LOG_LEVEL="error",
                    BENCH_DMS_PASSWORD=AUTH[1])
    proc = subprocess.Popen([sys.executable, "-m", "adapter", "worker", "--concurrency", str(concurrency)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "worker ready":
        proc.kill()
        raise RuntimeError("the worker did not start")
    return proc


def _rates(released: datetime, finished: Sequence[datetime]) -> tuple[float, float]:
    times = sorted((t - released).total_seconds() for t in finished)
    lo, hi = len(times) // 10, len(times) - 1 - len(times) // 10
    return len(times) / times[-1], (hi - lo) / (times[hi] - times[lo])


def _round(condition: str, n: int, concurrency: int, tmp: Path) -> dict[str, Any]:
    with sandbox_process() as sb_a, sandbox_process() as sb_b, fresh_schema() as url:
        folder = Path(tempfile.mkdtemp(prefix=f"tenants-{condition}-", dir=tmp))
        tenants = _tenants_file(folder, {"a": sb_a, "b": sb_b})
        shared = open_shared_journal(url)
        queued_b = enqueue_batch(shared.scoped("b"), Spool(folder / "spool" / "b"), n, tag="b")
        if condition != "alone":
            enqueue_batch(shared.scoped("a"), Spool(folder / "spool" / "a"), n, tag="a")
        _gate(url, release=False)
        worker = _worker(tenants, url, folder / "data", folder / "spool", concurrency)
        try:
            if condition == "a_down":
                sb_a.process.kill()
                sb_a.process.wait(timeout=10)
            released = _gate(url, release=True)
            journal_b = shared.scoped("b")
            deadline = time.monotonic() + 600
            while journal_b.stats().depth["done"] < n:  # type: ignore[index]
                if time.monotonic() > deadline:
                    raise RuntimeError(f"b not finished: {dict(journal_b.stats().depth)}")
                time.sleep(0.05)
            finished = [j.finished_at for j in journal_b.list(limit=n + 10) if j.finished_at is not None]
            a_done = shared.scoped("a").stats().depth["done"]  # type: ignore[index]
        finally:
            worker.terminate()
            worker.wait(timeout=120)
            shared.close()
        whole, steady = _rates(released, finished)
        store = count_store(sb_b, queued_b)
        return {"condition": condition, "b_jobs_per_s": round(whole, 1), "b_steady_jobs_per_s": round(steady, 1),
                "a_done_meanwhile": a_done, "b_store": store,
                "b_exactly_once": store["filed"] == n and store["duplicates"] == 0 and store["lost"] == 0}


def run(argv: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench tenants")
    parser.add_argument("--jobs", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args(argv)
    rounds: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-tenants-") as tmp:
        for _ in range(args.repeat):
            for condition in ("alone", "beside", "a_down"):
                rounds.append(_round(condition, args.jobs, args.concurrency, Path(tmp)))
    med = {c: median([r["b_steady_jobs_per_s"] for r in rounds if r["condition"] == c])
           for c in ("alone", "beside", "a_down")}
    return {"jobs_per_tenant": args.jobs, "concurrency": args.concurrency, "rounds": rounds,
            "median_b_steady_jobs_per_s": med, "ratio_a_down_vs_beside": round(med["a_down"] / med["beside"], 2),
            "ratio_a_down_vs_alone": round(med["a_down"] / med["alone"], 2), "goal": ">= 0.8 (a_down vs beside)",
            "all_exactly_once": all(r["b_exactly_once"] for r in rounds), "run": str(uuid.uuid4())[:8],
            "cpus": os.cpu_count()}
