"""What can be checked without the DMS is refused before a job is accepted, by the CLI and the API (issue 17, 9)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from api_helpers import running_api, upload

from adapter.journal import open_journal

pytestmark = pytest.mark.network


def test_queued_filing_missing_a_template_field_is_refused_with_exit_1(tmp_path: Path) -> None:
    """The README's `file --queue` into the Posteingang without --eingangsdatum: exit 1 naming the field, no job."""
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7 scan")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
    env["EGOV_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run([sys.executable, "-m", "adapter", "file", "scan.pdf", "--class", "posteingang",
                           "--betreff", "Antrag", "--queue"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1, done.stderr
    assert "eingangsdatum" in done.stderr
    journal = open_journal(f"sqlite:///{tmp_path / 'data' / 'journal.db'}")
    try:
        assert journal.list() == []
    finally:
        journal.close()


def test_api_refuses_such_an_upload_with_400_instead_of_a_job(tmp_path: Path) -> None:
    """A large upload (answered 202 when valid) into a class whose template needs a missing field is a 400."""
    with running_api(tmp_path, sync_upload_bytes=1024) as api, api.client("admin") as client:
        refused = upload(client, "/dokumente", {"klasse": "posteingang", "betreff": "Antrag"}, b"x" * 4096)
        assert refused.status_code == 400, refused.text
        assert "eingangsdatum" in refused.json()["detail"]
        assert api.adapter.journal.list() == []
