"""The Aussonderung from the command line, handed over as files: candidates, hold/release, deliver --out, the
archive's answers through `xdomea import`, status - on the embedded sandbox, the test archive reading the files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from egov_sandbox.archive import ArchivePeer
from egov_sandbox.xta.mailbox import Mailboxes
from typer.testing import CliRunner

from adapter.bootstrap import cli_app
from adapter.config import load_settings

pytestmark = pytest.mark.network
XOEV = Path(__file__).resolve().parents[3].parent / "shared" / "xoev"
ENV = {"EGOV_AUSSONDERUNG_ARCHIVE": "archiv:01", "EGOV_AUSSONDERUNG_AUTHORITY": "stadt:05334002",
       "EGOV_AUSSONDERUNG_VERSION": "3.1.0"}


def _run(cwd: Path, *args: str) -> Result:
    """One command in this process (the embedded sandbox starts and stops with it, as from a shell)."""
    settings = load_settings({**ENV, "EGOV_DATA_DIR": str(cwd / "data"), "EGOV_XOEV_DIR": str(XOEV)})
    return CliRunner().invoke(cli_app(), list(args), obj=settings)


def _json(done: Result) -> Any:
    assert done.exit_code == 0, (done.output[-2000:], done.exception)
    return json.loads(done.stdout)


def test_an_aussonderung_from_the_command_line(tmp_path: Path) -> None:
    """A permit Akte (Aussonderungsart A) closed in 1990: a candidate; held: not; delivered as a file without an
    offer; the archive's 0506 imported from its file deletes it; status says the process is finished."""
    (tmp_path / "antrag.txt").write_text("Antrag auf Genehmigung\n", encoding="utf-8")
    filed = _json(_run(tmp_path, "file", str(tmp_path / "antrag.txt"), "--class", "umwelt-genehmigung",
                       "--neue-akte", "Deponie", "--vorgang", "Genehmigung", "--betreff", "Antrag"))
    akte, vorgang = filed["containers"]["akte"], filed["containers"]["vorgang"]
    for record in (vorgang, akte):
        _json(_run(tmp_path, "zda", record, "--ende", "1990-01-01"))
    assert [c["id"] for c in _json(_run(tmp_path, "aussonderung", "candidates"))] == [akte]
    _json(_run(tmp_path, "hold", akte, "--grund", "Klage"))
    assert _json(_run(tmp_path, "aussonderung", "candidates")) == []
    _json(_run(tmp_path, "release", akte))
    delivered = _json(_run(tmp_path, "aussonderung", "deliver", "--out", str(tmp_path / "out")))
    (process,) = delivered
    (container,) = (tmp_path / "out").iterdir()
    assert container.name == f"{process['prozess_id']}_Aussonderung.Aussonderung.0503.zip"
    peer = ArchivePeer(Mailboxes(["archiv:01"], tmp_path / "boxes"), "archiv:01", XOEV, tmp_path / "archive")
    answers = peer.receive_file(container, tmp_path / "answers")
    assert [r.valid for r in peer.received] == [True] and len(peer.files) == 1
    for path in sorted(answers):  # 0506 (import) and 0507 (receipt), as the archive hands them over
        imported = _run(tmp_path, "xdomea", "import", str(path), "--out", str(tmp_path / "receipts"))
        assert imported.exit_code == 0, imported.output[-2000:]
    status = _json(_run(tmp_path, "aussonderung", "status", process["prozess_id"]))
    assert status["abgeschlossen"] is True and status["zustaende"] == {"deleted": 3}
    assert _run(tmp_path, "show", filed["aktenzeichen"]).exit_code == 1
