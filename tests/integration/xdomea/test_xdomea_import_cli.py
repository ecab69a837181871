"""``xdomea import`` and ``xdomea parts`` through the CLI with the embedded sandbox, as an operator runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from egov_sandbox.server import SandboxServer
from records_helpers import stored_documents
from typer.testing import CliRunner
from xdomea_checks import codes, receipt_file, valid_receipt
from xdomea_messages import Built, abgabe, akte, dokument, entry, message
from xdomea_scenario import HANDLED, SENDERS, every_type

from adapter.bootstrap import cli_app
from adapter.cli.main import exit_code_for
from adapter.config import Settings, load_settings
from adapter.domain.errors import AdapterError
from adapter.xoev.xdomea.schemas import SchemaCatalog


def _app() -> typer.Typer:
    return cli_app()


def _settings(tmp_path: Path, xoev_dir: Path, **more: str) -> Settings:
    return load_settings({"EGOV_DATA_DIR": str(tmp_path / "data"), "EGOV_XOEV_DIR": str(xoev_dir), **more})


def _stored(tmp_path: Path) -> dict[str, str]:
    server = SandboxServer(tmp_path / "data" / "sandbox", users="admin:admin:GROUP_poststelle").start()
    try:
        return stored_documents(server)
    finally:
        server.stop()


@pytest.mark.parametrize("version", ["3.1.0", "4.0.0"])
def test_cli_imports_writes_receipts_beside_the_input_and_is_idempotent(
        version: str, tmp_path: Path, xoev_dir: Path, catalog: SchemaCatalog) -> None:
    """Exit 0, both receipts beside the container, the documents in the store; a rerun says 'redelivered'."""
    built = message("0605", version, [entry("FV-1", dokument("Antrag", {"a.pdf": b"A"})),
                                      entry("FV-2", dokument("Plan", {"p.pdf": b"P"}))])
    path = built.container(tmp_path)
    settings = _settings(tmp_path, xoev_dir)
    result = CliRunner().invoke(_app(), ["xdomea", "import", str(path)], obj=settings)
    assert result.exit_code == 0, result.output
    answer = tmp_path / receipt_file(built, "0630")
    first = answer.read_bytes()
    assert codes(valid_receipt(catalog, first)) == ["0000000"]
    assert (tmp_path / receipt_file(built, "0629")).is_file()
    again = CliRunner().invoke(_app(), ["xdomea", "import", str(path), "--out", str(tmp_path / "out")],
                               obj=settings)
    assert again.exit_code == 0 and "redelivered" in again.output
    assert (tmp_path / "out" / answer.name).read_bytes() == first
    assert len(_stored(tmp_path)) == 2


@pytest.mark.parametrize("version", ["3.0.0", "4.0.0"])
def test_cli_refusal_is_exit_1_with_a_negative_receipt_and_no_traceback(
        version: str, tmp_path: Path, xoev_dir: Path, catalog: SchemaCatalog) -> None:
    """A container missing its primary file: problems printed, 0630 written, exit code 1, nothing filed."""
    built = message("0605", version, [entry("FV-1", dokument("Antrag", {"a.pdf": b"A"}))])
    path = built.container(tmp_path, drop=tuple(built.files))
    result = CliRunner().invoke(_app(), ["xdomea", "import", str(path), "--out", str(tmp_path / "out")],
                                obj=_settings(tmp_path, xoev_dir))
    assert isinstance(result.exception, AdapterError) and exit_code_for(result.exception) == 1
    assert "is missing from the container" in result.output
    receipt = tmp_path / "out" / receipt_file(built, "0630")
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


def test_cli_keeps_a_part_lists_it_and_reports_it_when_overdue(
        tmp_path: Path, xoev_dir: Path, catalog: SchemaCatalog) -> None:
    """Message 1 of 2 of a 4.0.0 Abgabe: kept (exit 0, 0403 only); `parts` lists it; `--expire` writes its 0402."""
    built = abgabe("4.0.0", (akte("Altakte", dokumente=(dokument("Brief", {"b.pdf": b"B"}),)),), part=1, parts=2)
    settings = _settings(tmp_path, xoev_dir, EGOV_XDOMEA_PART_TIMEOUT_HOURS="0.000001")  # overdue at once
    kept = CliRunner().invoke(_app(), ["xdomea", "import", str(built.container(tmp_path)), "--out",
                                       str(tmp_path / "out")], obj=settings)
    assert kept.exit_code == 0, kept.output
    assert "1 of 2 messages here" in kept.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == [receipt_file(built, "0403")]
    listed = CliRunner().invoke(_app(), ["xdomea", "parts"], obj=settings)
    assert listed.exit_code == 0 and f"{built.process_id}\t0401\t1/2\t" in listed.output
    assert "overdue" in listed.output
    reported = CliRunner().invoke(_app(), ["xdomea", "parts", "--expire", "--out", str(tmp_path / "late")],
                                  obj=settings)
    assert reported.exit_code == 0, reported.output
    assert "reported incomplete" in reported.output
    answer = valid_receipt(catalog, (tmp_path / "late" / receipt_file(built, "0402")).read_bytes())
    ns = "{" + answer.nsmap["xdomea"] + "}"
    assert answer.findtext(f"{ns}ErfolgOderMisserfolg/{ns}Erfolgreich") == "0"
    assert "0 process(es) waiting" in CliRunner().invoke(_app(), ["xdomea", "parts"], obj=settings).output
    assert _stored(tmp_path) == {}


def test_cli_applies_every_handled_type_in_4_0_0(tmp_path: Path, xoev_dir: Path, catalog: SchemaCatalog) -> None:
    """The whole case (0604 … 0615, an Abgabe in two messages) through `xdomea import`, receipts from --out."""
    settings = _settings(tmp_path, xoev_dir, EGOV_XDOMEA_CLASSES=",".join(f"{s}={c}" for s, c in SENDERS.items()))
    count = iter(range(100))

    def send(built: Built) -> dict[str, bytes]:
        n = next(count)
        (tmp_path / f"in{n}").mkdir()
        out = tmp_path / f"out{n}"
        result = CliRunner().invoke(_app(), ["xdomea", "import", str(built.container(tmp_path / f"in{n}")),
                                             "--out", str(out)], obj=settings)
        assert result.exit_code == 0, result.output
        return {path.name: path.read_bytes() for path in out.iterdir()}

    assert every_type("4.0.0", send, catalog) == HANDLED
    assert len(_stored(tmp_path)) == 4


def test_cli_enforces_the_configured_member_bound(tmp_path: Path, xoev_dir: Path, catalog: SchemaCatalog) -> None:
    """EGOV_XDOMEA_MAX_MEMBERS=3 reaches the importer: a message with three documents (four members) is
    refused (exit 1, nothing filed); with the default bound the same container imports."""
    built = message("0605", "3.0.0", [entry(f"FV-{n}", dokument(f"Dok {n}", {f"d{n}.pdf": b"D"})) for n in range(3)])
    path = built.container(tmp_path)
    small = _settings(tmp_path, xoev_dir, EGOV_XDOMEA_MAX_MEMBERS="3")
    result = CliRunner().invoke(_app(), ["xdomea", "import", str(path), "--out", str(tmp_path / "out")], obj=small)
    assert isinstance(result.exception, AdapterError) and exit_code_for(result.exception) == 1
    assert "more than 3 members" in result.output
    assert _stored(tmp_path) == {}
    result = CliRunner().invoke(_app(), ["xdomea", "import", str(path), "--out", str(tmp_path / "out")],
                                obj=_settings(tmp_path, xoev_dir))
    assert result.exit_code == 0, result.output
    assert len(_stored(tmp_path)) == 3


def test_cli_validate_enforces_the_configured_member_bound(tmp_path: Path, xoev_dir: Path) -> None:
    """`xdomea validate` checks a container against EGOV_XDOMEA_MAX_MEMBERS as the import does: refused at 3,
    valid with the default bound."""
    built = message("0605", "3.0.0", [entry(f"FV-{n}", dokument(f"Dok {n}", {f"d{n}.pdf": b"D"})) for n in range(3)])
    path = built.container(tmp_path)
    small = _settings(tmp_path, xoev_dir, EGOV_XDOMEA_MAX_MEMBERS="3")
    result = CliRunner().invoke(_app(), ["xdomea", "validate", str(path)], obj=small)
    assert isinstance(result.exception, AdapterError) and exit_code_for(result.exception) == 1
    assert "more than 3 members" in result.output
    result = CliRunner().invoke(_app(), ["xdomea", "validate", str(path)], obj=_settings(tmp_path, xoev_dir))
    assert result.exit_code == 0, result.output
