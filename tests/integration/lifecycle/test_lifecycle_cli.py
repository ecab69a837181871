"""The lifecycle CLI group on a fresh typer app, against the embedded sandbox (exit codes via the root's map)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import typer
from structlog.testing import capture_logs
from typer.testing import CliRunner

from adapter.bootstrap import cli_app
from adapter.cli.main import exit_code_for
from adapter.config import Settings, load_settings
from adapter.domain.errors import AdapterError
from adapter.resources import MAPPINGS_DIR

ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class _Bound:
    """The CLI root with the settings of this test's data folder."""

    app: typer.Typer
    settings: Settings


def _app(data: Path) -> _Bound:
    settings = load_settings({"EGOV_DATA_DIR": str(data), "EGOV_MAPPINGS_DIR": str(MAPPINGS_DIR)})
    return _Bound(cli_app(), settings)



def _call(app: _Bound, *args: str) -> tuple[int, str]:
    with capture_logs():  # logs stay out of stdout (and the runner's streams, closed afterwards)
        result = CliRunner().invoke(app.app, list(args), obj=app.settings)
    if isinstance(result.exception, AdapterError):
        return exit_code_for(result.exception), str(result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def test_version_update_mark_zda_delete_from_the_cli(tmp_path: Path) -> None:
    """version adds 2.0 once, update/mark/zda print the record, delete under retention exits 1."""
    app = _app(tmp_path / "d")
    scan, neu = tmp_path / "a.pdf", tmp_path / "b.pdf"
    scan.write_bytes(b"eins")
    neu.write_bytes(b"zwei")
    code, out = _call(app, "file", str(scan), "--class", "umwelt-genehmigung", "--neue-akte", "Deponie",
                      "--vorgang", "Antrag", "--betreff", "Antrag")
    assert code == 0, out
    filed = json.loads(out)
    doc, vorgang = filed["dokument"], filed["containers"]["vorgang"]
    for _ in range(2):
        code, out = _call(app, "version", doc, str(neu))
        assert code == 0 and json.loads(out)["label"] == "2.0", out
    code, out = _call(app, "versions", doc)
    assert [v["label"] for v in json.loads(out)] == ["2.0", "1.0"]
    code, out = _call(app, "update", doc, "--betreff", "Antrag neu", "--kennzeichen", "eilt")
    assert code == 0 and json.loads(out)["betreff"] == "Antrag neu"
    assert _call(app, "update", doc, "--vertraulichkeit", "999")[0] == 1
    assert _call(app, "mark", doc, "--grund", "Dublette")[0] == 0
    assert _call(app, "zda", vorgang, "--ende", "2024-12-31")[0] == 0
    code, out = _call(app, "delete", doc)
    assert code == 1 and "retention" in out
    assert _call(app, "reopen", vorgang)[0] == 0 and _call(app, "unmark", doc)[0] == 0
