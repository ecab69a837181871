"""``xdomea import`` through the CLI with the embedded sandbox, as an operator runs it."""

from __future__ import annotations

from pathlib import Path

import typer
from egov_sandbox.server import SandboxServer
from records_helpers import stored_documents
from typer.testing import CliRunner
from xdomea_checks import codes, valid_receipt
from xdomea_messages import dokument, entry, message

from adapter.bootstrap import cli_app
from adapter.cli.main import exit_code_for
from adapter.config import Settings, load_settings
from adapter.domain.errors import AdapterError
from adapter.xoev.xdomea.schemas import SchemaCatalog


def _app() -> typer.Typer:
    return cli_app()


def _settings(tmp_path: Path, xoev_dir: Path) -> Settings:
    return load_settings({"EGOV_DATA_DIR": str(tmp_path / "data"), "EGOV_XOEV_DIR": str(xoev_dir)})


def _stored(tmp_path: Path) -> dict[str, str]:
    server = SandboxServer(tmp_path / "data" / "sandbox", users="admin:admin:GROUP_poststelle").start()
    try:
        return stored_documents(server)
    finally:
        server.stop()


def test_cli_imports_writes_receipts_beside_the_input_and_is_idempotent(
        tmp_path: Path, xoev_dir: Path, catalog: SchemaCatalog) -> None:
    """Exit 0, both receipts beside the container, the documents in the store; a rerun says 'redelivered'."""
    built = message("0605", "3.1.0", [entry("FV-1", dokument("Antrag", {"a.pdf": b"A"})),
                                      entry("FV-2", dokument("Plan", {"p.pdf": b"P"}))])
    path = built.container(tmp_path)
    settings = _settings(tmp_path, xoev_dir)
    result = CliRunner().invoke(_app(), ["xdomea", "import", str(path)], obj=settings)
    assert result.exit_code == 0, result.output
    answer = tmp_path / f"{built.process_id}_FVDaten.ImportBestaetigen.0630.xml"
    first = answer.read_bytes()
    assert codes(valid_receipt(catalog, first)) == ["0000000"]
    assert (tmp_path / f"{built.process_id}_FVDaten.EmpfangBestaetigen.0629.xml").is_file()
    again = CliRunner().invoke(_app(), ["xdomea", "import", str(path), "--out", str(tmp_path / "out")],
                               obj=settings)
    assert again.exit_code == 0 and "redelivered" in again.output
    assert (tmp_path / "out" / answer.name).read_bytes() == first
    assert len(_stored(tmp_path)) == 2


def test_cli_refusal_is_exit_1_with_a_negative_receipt_and_no_traceback(
        tmp_path: Path, xoev_dir: Path, catalog: SchemaCatalog) -> None:
    """A container missing its primary file: problems printed, 0630 written, exit code 1, nothing filed."""
    built = message("0605", "3.0.0", [entry("FV-1", dokument("Antrag", {"a.pdf": b"A"}))])
    path = built.container(tmp_path, drop=tuple(built.files))
    result = CliRunner().invoke(_app(), ["xdomea", "import", str(path), "--out", str(tmp_path / "out")],
                                obj=_settings(tmp_path, xoev_dir))
    assert isinstance(result.exception, AdapterError) and exit_code_for(result.exception) == 1
    assert "is missing from the container" in result.output
    receipt = tmp_path / "out" / f"{built.process_id}_FVDaten.ImportBestaetigen.0630.xml"
    assert codes(valid_receipt(catalog, receipt.read_bytes())) == ["0000015"]
    assert _stored(tmp_path) == {}


def test_cli_refuses_a_bad_class_rule_as_input(tmp_path: Path, xoev_dir: Path) -> None:
    """--class-for without '=' is a usage mistake reported as refused input (exit 1)."""
    built = message("0605", "3.0.0", [entry("FV-1", dokument("Antrag", {"a.pdf": b"A"}))])
    result = CliRunner().invoke(_app(), ["xdomea", "import", str(built.container(tmp_path)),
                                         "--class-for", "FV-BAU"], obj=_settings(tmp_path, xoev_dir))
    assert isinstance(result.exception, AdapterError) and exit_code_for(result.exception) == 1


def test_cli_unknown_class_in_the_rules_is_a_configuration_error(tmp_path: Path, xoev_dir: Path) -> None:
    """--default-class naming no record class stops before anything is read: exit 2."""
    built = message("0605", "3.0.0", [entry("FV-1", dokument("Antrag", {"a.pdf": b"A"}))])
    result = CliRunner().invoke(_app(), ["xdomea", "import", str(built.container(tmp_path)),
                                         "--default-class", "nope"], obj=_settings(tmp_path, xoev_dir))
    assert isinstance(result.exception, AdapterError) and exit_code_for(result.exception) == 2
