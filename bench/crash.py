"""``python -m bench crash``: worker processes SIGKILLed at random moments during a batch, and restarted.

Two worker processes file a batch from the journal against a sandbox (its own process, 30 ms injected
latency so that kills land mid-request); every 0.3–1.5 s one of them, chosen at random, is killed with
SIGKILL and a new one started. Its jobs are taken over when their 2 s leases expire. The documents are
then counted in the sandbox's store over its HTTP API (not from our journal): lost and duplicates must
be 0.
"""

from __future__ import annotations

import argparse
import random
import signal
import tempfile
import time
from pathlib import Path
from typing import Any

from adapter.journal import open_journal
from adapter.journal.spool import Spool
from bench._queue import count_store, enqueue_batch, start_worker, stop
from bench._sandbox import sandbox_process


def run(args: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench crash")
    parser.add_argument("--filings", type=int, default=1500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    opts = parser.parse_args(args)
    rnd = random.Random(opts.seed)
    with tempfile.TemporaryDirectory(prefix="bench-crash-") as tmp, sandbox_process() as sb:
        url = f"sqlite:///{Path(tmp) / 'journal.db'}"
        journal, spool = open_journal(url), Spool(Path(tmp) / "spool")
        queued = enqueue_batch(journal, spool, opts.filings)
        sb.faults({"kind": "latency", "ms": 30})
        began = time.monotonic()
        workers = [start_worker(sb, url, spool.root, Path(tmp) / "w") for _ in range(opts.workers)]
        kills, done_at_kill = 0, []
        try:
            while time.monotonic() - began < 900:
                depth = journal.stats().depth
                if depth["done"] + depth["dead_letter"] >= opts.filings:  # type: ignore[index]
                    break
                time.sleep(rnd.uniform(0.3, 1.5))
                victim = rnd.randrange(len(workers))
                workers[victim].send_signal(signal.SIGKILL)
                workers[victim].wait(timeout=10)
                kills += 1
                done_at_kill.append(journal.stats().depth["done"])  # type: ignore[index]
                workers[victim] = start_worker(sb, url, spool.root, Path(tmp) / "w")
        finally:
            for proc in workers:
                stop(proc)
        seconds = time.monotonic() - began
        jobs = journal.list(None, opts.filings + 10)
        result: dict[str, Any] = {
            "filings": opts.filings, "worker_processes": opts.workers, "sigkills": kills,
            "kills_mid_batch": sum(0 < d < opts.filings for d in done_at_kill), "seconds": round(seconds, 1),
            "jobs_done": sum(j.state == "done" for j in jobs),
            "jobs_dead_lettered": sum(j.state == "dead_letter" for j in jobs),
            "jobs_taken_over": sum(j.attempts > 1 for j in jobs)}
        journal.close()
        result["store"] = count_store(sb, queued)
        result["ok"] = result["store"]["lost"] == 0 and result["store"]["duplicates"] == 0
    return result
