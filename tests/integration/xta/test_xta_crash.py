"""A poller subprocess killed with SIGKILL between getMessage and close loses nothing and keeps one copy."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.network
CHILD = Path(__file__).with_name("xta_poller_child.py")
ROOT = Path(__file__).resolve().parents[3]
SCHEMA_DIR = ROOT.parent / "shared" / "xoev"


def _run(config: Path, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(CHILD), str(config)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kwargs)


def test_sigkill_before_close_refetches_and_keeps_one_copy(tmp_path: Path, xta_client, xta_peer, xta_ca,
                                                            make_outgoing) -> None:
    """Killed after the sink, before close: the restart fetches again, the sink sees it twice, keeps it once."""
    message_id = "urn:de:xta:messageid:crash-1"
    xta_client("fv:02").send(make_outgoing(message_id, "fv:02", "dms:01", attachments=(os.urandom(200_000),)))
    cert, key = xta_ca.clients["dms:01"]
    config = {"url": xta_peer.base_url, "party": "dms:01", "cert": str(cert), "key": str(key),
              "ca": str(xta_ca.ca_cert), "schema_dir": str(SCHEMA_DIR), "inbox": str(tmp_path / "inbox"),
              "spool": str(tmp_path / "spool"), "hang_marker": str(tmp_path / "marker")}
    (tmp_path / "crash.json").write_text(json.dumps(config))
    child = _run(tmp_path / "crash.json")
    deadline = time.monotonic() + 60
    while not (tmp_path / "marker").exists():
        assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
        assert time.monotonic() < deadline, "poller child never reached the sink"
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert child.returncode == -signal.SIGKILL
    assert xta_peer.boxes.closed_count == {}  # never closed: still in the mailbox
    assert [e.message_id for e in xta_client("dms:01").status_list().entries] == [message_id]

    config["hang_marker"] = ""
    (tmp_path / "restart.json").write_text(json.dumps(config))
    restart = _run(tmp_path / "restart.json")
    out, err = restart.communicate(timeout=60)
    assert restart.returncode == 0, err.decode()
    assert json.loads(out.decode().strip().splitlines()[-1]) == {"closed": [message_id]}
    inbox = tmp_path / "inbox"
    assert (inbox / "deliveries.log").read_text().splitlines() == [message_id, message_id]
    kept = [p for p in inbox.iterdir() if p.is_dir()]
    assert len(kept) == 1 and sorted(p.name for p in kept[0].iterdir()) == ["attachment-0", "message", "meta.json"]
    assert xta_peer.boxes.closed_count == {message_id: 1}
    assert xta_client("dms:01").status_list().entries == ()
