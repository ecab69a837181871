"""An inbox subprocess killed with SIGKILL between getMessage and close: refetched, filed exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from records_helpers import stored_documents
from test_xta_inbox import built_0605
from xdomea_checks import sha

from adapter.resources import MAPPINGS_DIR

pytestmark = pytest.mark.network
CHILD = Path(__file__).with_name("xta_inbox_child.py")
ROOT = Path(__file__).resolve().parents[3]


def _run(config: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(CHILD), str(config)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def test_sigkill_before_close_files_once_and_answers_once(tmp_path: Path, xta_client, xta_peer, xta_ca,
                                                           dms_sandbox) -> None:
    """Killed after the journal kept the message: the restart refetches, closes, files once, answers once."""
    message_id = "urn:de:xta:messageid:inbox-crash"
    built, outgoing = built_0605(tmp_path, message_id)
    xta_client("fv:02").send(outgoing)
    cert, key = xta_ca.clients["dms:01"]
    config = {"url": xta_peer.base_url, "cert": str(cert), "key": str(key), "ca": str(xta_ca.ca_cert),
              "schema_dir": str(ROOT.parent / "shared" / "xoev"), "mappings": str(MAPPINGS_DIR),
              "dms_url": dms_sandbox.urls.browser, "journal": f"sqlite:///{tmp_path / 'journal.db'}",
              "work": str(tmp_path / "child"), "hang_marker": str(tmp_path / "marker")}
    (tmp_path / "crash.json").write_text(json.dumps(config))
    child = _run(tmp_path / "crash.json")
    deadline = time.monotonic() + 90
    while not (tmp_path / "marker").exists():
        assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
        assert time.monotonic() < deadline, "inbox child never reached the sink"
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert child.returncode == -signal.SIGKILL
    assert xta_peer.boxes.closed_count == {} and stored_documents(dms_sandbox) == {}
    assert [e.message_id for e in xta_client("dms:01").status_list().entries] == [message_id]

    config["hang_marker"] = ""
    (tmp_path / "restart.json").write_text(json.dumps(config))
    restart = _run(tmp_path / "restart.json")
    out, err = restart.communicate(timeout=120)
    assert restart.returncode == 0, err.decode()
    assert json.loads(out.decode().strip().splitlines()[-1]) == {"closed": [message_id], "routes": ["xdomea"],
                                                                 "failed": []}
    assert xta_peer.boxes.closed_count == {message_id: 1}
    stored = stored_documents(dms_sandbox)
    assert sorted(stored.values()) == sorted(sha(d) for d in built.files.values())  # each document once
    assert len(xta_client("fv:02").status_list().entries) == 2  # 0629 and 0630, once each
