"""SIGKILL during delivery and between confirmation and deletion: the rerun delivers each object once, deletes
each once, and never deletes what the archive did not confirm (counted at the archive and in the sandbox)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from aussonderung_rig import AUTHORITY, SCHEMA_DIR, Rig, build, file_akte
from egov_sandbox.archive import ArchivePeer
from egov_sandbox.server import SandboxServer
from sandbox_store import stored_documents

pytestmark = pytest.mark.network
CHILD = Path(__file__).with_name("aussonderung_child.py")
ROOT = Path(__file__).resolve().parents[3]
LEASE = 2.0


def _run(config: dict[str, Any], path: Path) -> subprocess.Popen[bytes]:
    path.write_text(json.dumps(config))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(CHILD.parent), str(CHILD.parents[1])])}
    return subprocess.Popen([sys.executable, str(CHILD), str(path)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _kill_at(config: dict[str, Any], tmp_path: Path, name: str) -> None:
    marker = tmp_path / f"{name}.marker"
    child = _run({**config, "marker": str(marker)}, tmp_path / f"{name}.json")
    deadline = time.monotonic() + 120
    while not marker.exists():
        if child.poll() is not None:
            raise AssertionError(child.stderr.read().decode() if child.stderr else "child ended")
        assert time.monotonic() < deadline, "the child never reached its hang point"
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert child.returncode == -signal.SIGKILL


def _finish(config: dict[str, Any], tmp_path: Path, name: str) -> None:
    time.sleep(LEASE + 0.5)  # the killed process's leases run out
    child = _run({**config, "hang": ""}, tmp_path / f"{name}.json")
    _out, err = child.communicate(timeout=180)
    assert child.returncode == 0, err.decode()[-3000:]


def _config(sandbox: SandboxServer, xta_peer, archive_ca, work: Path, action: str, hang: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    cert, key = archive_ca.clients[AUTHORITY]
    return {"dms_url": sandbox.urls.browser, "work": str(work), "version": "4.0.0", "url": xta_peer.base_url,
            "cert": str(cert), "key": str(key), "ca": str(archive_ca.ca_cert), "party": AUTHORITY,
            "schema_dir": str(SCHEMA_DIR), "max_container_bytes": 1024 * 1024, "lease_seconds": LEASE,
            "action": action, "hang": hang}


def _three_akten(rig: Rig, tmp_path: Path) -> dict[str, list[bytes]]:
    """Three Akten of Aussonderungsart A (delivered without an offer), each about 600 KB: one per 0503."""
    documents: dict[str, list[bytes]] = {}
    for name in ("Nord", "Mitte", "Sued"):
        filed = file_akte(rig, tmp_path, name, {"Genehmigung": [[os.urandom(600_000)], [os.urandom(2000)]]}, art="A")
        documents.update(filed.documents)
    return documents


@pytest.mark.parametrize("hang", ["stream:2", "send:2"])
def test_sigkill_during_delivery_delivers_each_object_once(hang: str, sandbox: SandboxServer, xta_peer, archive_ca,
                                                           archive: ArchivePeer, tmp_path: Path) -> None:
    """Killed while part 2 of 3 was built, or right after the XTA server accepted it: every 0503 reaches the archive
    once, every primary file is in exactly one of them."""
    rig = build(sandbox.urls.browser, tmp_path / "filing", "4.0.0", None)
    documents = _three_akten(rig, tmp_path)
    config = _config(sandbox, xta_peer, archive_ca, tmp_path / "authority", "deliver", hang)
    _kill_at(config, tmp_path, "killed")
    _finish(config, tmp_path, "rerun")
    archive.process()
    parts = sorted((r.number, r.total) for r in archive.received if r.code == "0503")
    assert parts == [(1, 3), (2, 3), (3, 3)] and all(r.valid for r in archive.received)
    named = [name for r in archive.received for o in r.objects for name, _sha in o.files]
    assert len(named) == len(set(named)) == sum(len(v) for v in documents.values())
    import hashlib
    assert sorted(archive.files.values()) == sorted(hashlib.sha256(d).hexdigest()
                                                    for v in documents.values() for d in v)


def test_sigkill_between_confirmation_and_deletion_deletes_each_once(sandbox: SandboxServer, xta_peer, archive_ca,
                                                                      archive: ArchivePeer, tmp_path: Path) -> None:
    """Killed right after the first deletion: the rerun deletes the rest, each object once (deleteObject counted in
    the sandbox), and the Akte the archive did not take (0506 Erfolgreich 0) stays, whole."""
    rig = build(sandbox.urls.browser, tmp_path / "filing", "4.0.0", None)
    _three_akten(rig, tmp_path)
    archive.refuse = lambda obj: obj.betreff == "Sued"
    config = _config(sandbox, xta_peer, archive_ca, tmp_path / "authority", "deliver", "")
    _finish(config, tmp_path, "deliver")
    archive.process()
    assert sorted(c for c, _r in archive.sent) == ["0506", "0506", "0506", "0507", "0507", "0507"]
    requests.delete(f"{sandbox.urls.base}/sandbox/admin/counters", auth=("admin", "admin"), timeout=5)
    poll = {**config, "action": "poll", "hang": "delete:1"}
    _kill_at(poll, tmp_path, "poll-killed")
    _finish(poll, tmp_path, "poll-rerun")
    counted = requests.get(f"{sandbox.urls.base}/sandbox/admin/counters", auth=("admin", "admin"), timeout=5).json()
    deletes = counted["by_operation"].get("POST delete", 0)
    stored = stored_documents(sandbox)
    assert all("Sued" in path for path in stored) and len(stored) == 2  # the refused Akte's two documents
    assert deletes == 2 * (1 + 1 + 2)  # Nord and Mitte: Akte, Vorgang, two documents - each deleted once
    rerun = build(sandbox.urls.browser, tmp_path / "authority", "4.0.0", None)
    states = {o.betreff: str(o.state) for o in rerun.ledger.objects(rerun.ledger.processes()[0].process_id)
              if o.level == "akte"}
    assert states == {"Nord": "deleted", "Mitte": "deleted", "Sued": "failed"}
