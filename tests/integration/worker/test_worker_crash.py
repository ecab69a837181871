"""A worker process killed with SIGKILL mid-batch, again and again, and restarted: every job filed once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from worker_helpers import enqueue, set_faults, stored_documents

from adapter.domain.jobs import JobState
from adapter.resources import MAPPINGS_DIR

ROOT = Path(__file__).resolve().parents[3]


def _start(tmp_path: Path, sandbox, journal_url: str, spool) -> subprocess.Popen[str]:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
    env.update(EGOV_DATA_DIR=str(tmp_path / "worker-data"), EGOV_MAPPINGS_DIR=str(MAPPINGS_DIR),
               EGOV_DMS_URL=sandbox.urls.browser, EGOV_DMS_USER="admin", EGOV_DMS_PASSWORD="admin",
               EGOV_JOURNAL_URL=journal_url, EGOV_SPOOL_DIR=str(spool.root), EGOV_JOURNAL_LEASE_SECONDS="2",
               EGOV_JOURNAL_RETRY_BASE_SECONDS="0.05", EGOV_WORKER_POLL_SECONDS="0.05", EGOV_LOG_LEVEL="warning")
    proc = subprocess.Popen([sys.executable, "-m", "adapter", "worker", "--concurrency", "2"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "worker ready"
    return proc


def test_sigkilled_workers_restart_and_file_every_job_exactly_once(tmp_path, sandbox, journal, journal_url,  # type: ignore[no-untyped-def]
                                                                  spool) -> None:
    """40 jobs; three workers SIGKILLed at random moments mid-batch; a fourth finishes and stops on SIGTERM:
    40 jobs done, 40 documents in the sandbox store with the queued bytes, none twice."""
    queued = [enqueue(journal, spool, i) for i in range(40)]
    set_faults(sandbox, {"kind": "latency", "ms": 200})
    rnd = random.Random(5)
    kills = 0
    for _ in range(3):
        proc = _start(tmp_path, sandbox, journal_url, spool)
        time.sleep(rnd.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        kills += 1
    assert journal.stats().depth[JobState.DONE] < 40  # the kills did land mid-batch
    proc = _start(tmp_path, sandbox, journal_url, spool)
    deadline = time.monotonic() + 120
    while journal.stats().depth[JobState.DONE] < 40 and time.monotonic() < deadline:
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0 and '"done"' in out
    set_faults(sandbox)
    assert kills == 3 and journal.stats().depth[JobState.DONE] == 40
    stored = stored_documents(sandbox)
    assert len(stored) == 40
    assert sorted(stored.values()) == sorted(d for _j, d in queued)
    assert list(Path(spool.root).iterdir()) == []
