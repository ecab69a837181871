"""Plumbing of the queue benchmarks: enqueue a batch, run worker processes, count the sandbox's store.

The store is counted over the sandbox's own HTTP API (Browser binding: children listed page by page,
every document downloaded and hashed), never from our journal: ``filed`` = queued contents found,
``lost`` = queued contents missing, ``duplicates`` = stored documents beyond one per queued content
(plus any stored document whose bytes match nothing queued), ``hash_verified`` = stored documents whose
downloaded bytes hash to a queued SHA-256 and to the hash the sandbox reports.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

from adapter.journal.spool import Spool
from adapter.ports.journal import Journal
from adapter.resources import MAPPINGS_DIR
from adapter.services.records.filing import FilingRequest
from adapter.services.records.intake import enqueue_filing
from bench._sandbox import AUTH, Sandbox, clean_env

ROOT = Path(__file__).resolve().parents[1]
START = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


def enqueue_batch(journal: Journal, spool: Spool, n: int, size: int = 20_000, tag: str = "b") -> list[str]:
    """Queue ``n`` Posteingang letters of random bytes; return their SHA-256s."""
    digests = []
    for i in range(n):
        data = os.urandom(size)
        request = FilingRequest(record_class="posteingang", betreff=f"Brief {tag}{i}", bearbeiter="bench",
                                eingangsdatum=START + timedelta(seconds=i))
        enqueue_filing(journal, spool, request, io.BytesIO(data), name=f"brief{i}.pdf",
                       media_type="application/pdf", client="bench")
        digests.append(hashlib.sha256(data).hexdigest())
    return digests


def start_worker(sb: Sandbox, journal_url: str, spool: Path, data: Path, *, concurrency: int = 2,
                 lease_seconds: float = 2.0) -> subprocess.Popen[str]:
    """``egov-adapter worker`` in its own process against ``sb``; returns once it printed ``worker ready``."""
    env = clean_env(EGOV_DATA_DIR=str(data), EGOV_MAPPINGS_DIR=str(MAPPINGS_DIR), EGOV_DMS_URL=sb.browser,
                    EGOV_DMS_USER=AUTH[0], EGOV_DMS_PASSWORD=AUTH[1], EGOV_JOURNAL_URL=journal_url,
                    EGOV_SPOOL_DIR=str(spool), EGOV_JOURNAL_LEASE_SECONDS=str(lease_seconds),
                    EGOV_JOURNAL_RETRY_BASE_SECONDS="0.2", EGOV_JOURNAL_MAX_ATTEMPTS="20",
                    EGOV_WORKER_POLL_SECONDS="0.05", EGOV_LOG_LEVEL="error")
    proc = subprocess.Popen([sys.executable, "-m", "adapter", "worker", "--concurrency", str(concurrency)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "worker ready":
        proc.kill()
        raise RuntimeError("the worker did not start")
    return proc


def stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=60)


def wait_done(journal: Journal, n: int, seconds: float) -> float:
    """Seconds until ``n`` jobs are done or dead-lettered (raises past ``seconds``)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        depth = journal.stats().depth
        if depth["done"] + depth["dead_letter"] >= n:  # type: ignore[index]
            return time.monotonic() - start
        time.sleep(0.1)
    raise RuntimeError(f"batch not finished in {seconds} s: {dict(journal.stats().depth)}")


def _documents(sb: Sandbox) -> list[tuple[str, str | None]]:
    """(object id, reported SHA-256) of every document in the sandbox, walking folders over HTTP."""
    http = requests.Session()
    http.auth = AUTH
    info = next(iter(http.get(sb.browser, timeout=30).json().values()))
    root_url, out, folders = info["rootFolderUrl"], [], [info["rootFolderId"]]
    while folders:
        folder, skip = folders.pop(), 0
        while True:
            page = http.get(root_url, params={"cmisselector": "children", "objectId": folder, "succinct": "true",
                                              "maxItems": 500, "skipCount": skip}, timeout=60).json()
            for entry in page["objects"]:
                props = entry["object"]["succinctProperties"]
                if props["cmis:baseTypeId"] == "cmis:folder":
                    folders.append(props["cmis:objectId"])
                else:
                    reported = props.get("cmis:contentStreamHash")
                    reported = reported[0] if isinstance(reported, list) and reported else reported
                    out.append((props["cmis:objectId"], str(reported).removeprefix("{sha-256}") if reported
                                else None))
            skip += len(page["objects"])
            if not page.get("hasMoreItems") or not page["objects"]:
                break
    return out


def count_store(sb: Sandbox, queued: list[str]) -> dict[str, Any]:
    """filed / lost / duplicates / hash_verified, counted in the sandbox's store (see module docstring)."""
    sb.faults()
    http = requests.Session()
    http.auth = AUTH
    root_url = next(iter(http.get(sb.browser, timeout=30).json().values()))["rootFolderUrl"]
    stored: list[str] = []
    verified = 0
    expected = set(queued)
    for object_id, reported in _documents(sb):
        body = http.get(root_url, params={"cmisselector": "content", "objectId": object_id}, timeout=60)
        body.raise_for_status()
        digest = hashlib.sha256(body.content).hexdigest()
        stored.append(digest)
        verified += digest in expected and digest == reported
    counts = Counter(stored)
    filed = sum(1 for d in expected if counts[d])
    duplicates = sum(c - 1 for d, c in counts.items() if d in expected) + sum(
        c for d, c in counts.items() if d not in expected)
    return {"queued": len(queued), "stored_documents": len(stored), "filed": filed, "lost": len(expected) - filed,
            "duplicates": duplicates, "hash_verified": verified}
