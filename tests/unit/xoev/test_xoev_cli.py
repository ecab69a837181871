"""``xdomea validate``: exit 0 with a summary when valid, file:line problems and exit 1 otherwise."""

from __future__ import annotations

import zipfile
from pathlib import Path

from typer.testing import CliRunner, Result

from adapter.bootstrap import cli_app
from adapter.cli.main import exit_code_for
from adapter.domain.errors import AdapterError

PID = "9a75050f-323a-4e84-94c9-a889aa2b4fe8"


def run(xoev_dir: Path, *args: str) -> tuple[int, Result]:
    app = cli_app()
    result = CliRunner().invoke(app, ["xdomea", "validate", "--xoev-dir", str(xoev_dir), *args])
    if isinstance(result.exception, AdapterError):
        return exit_code_for(result.exception), result
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result


def lines(result: Result) -> list[str]:
    """Output lines without log events (console or JSON lines, as the CLI root configured structlog)."""
    return [line for line in result.output.splitlines() if "[info" not in line and '"event": ' not in line]


def test_sample_zip_valid(xoev_dir: Path, sample_zip: Path) -> None:
    """The official sample container validates and its identification is printed."""
    code, result = run(xoev_dir, str(sample_zip))
    assert code == 0
    assert f"xdomea 3.0.0 Aussonderung.Anbieteverzeichnis.0501 (0501), ProzessID {PID}" in result.output


def test_bare_xml_valid(xoev_dir: Path, sample_xml: bytes, tmp_path: Path) -> None:
    """A bare valid message validates."""
    path = tmp_path / "m.xml"
    path.write_bytes(sample_xml)
    assert run(xoev_dir, str(path))[0] == 0


def test_invalid_xml_prints_file_line(xoev_dir: Path, sample_xml: bytes, tmp_path: Path) -> None:
    """Schema problems are printed as file:line: message, exit 1."""
    path = tmp_path / "m.xml"
    path.write_bytes(sample_xml.replace(f"<xdomea:ProzessID>{PID}</xdomea:ProzessID>".encode(), b""))
    code, result = run(xoev_dir, str(path))
    assert code == 1
    assert "m.xml:5: Element '{urn:xoev-de:xdomea:schema:3.0.0}Nachrichtentyp'" in lines(result)[0]


def test_invalid_zip_member_prints_bang_path(xoev_dir: Path, sample_xml: bytes, tmp_path: Path) -> None:
    """A problem inside a container is printed as container.zip!member.xml:line: message."""
    member = f"{PID}_Aussonderung.Anbieteverzeichnis.0501.xml"
    archive = tmp_path / "c.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(member, sample_xml.replace(b"<code>0501</code>", b"<code>9999</code>", 1))
    code, result = run(xoev_dir, str(archive))
    assert code == 1
    assert lines(result)[0].startswith(f"c.zip!{member}:6: ")


def test_garbage_and_hostile_input_no_traceback(xoev_dir: Path, tmp_path: Path) -> None:
    """Garbage ZIP, garbage XML and a DOCTYPE bomb are refused with exit 1, never a traceback."""
    cases = {
        "junk.zip": b"not a zip",
        "junk.xml": b"\x00junk",
        "bomb.xml": b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        code, result = run(xoev_dir, str(path))
        assert code == 1, name
        assert "Traceback" not in result.output and lines(result)[0].startswith(name), result.output


def test_40_container_valid_and_invalid(xoev_dir: Path, tmp_path: Path) -> None:
    """A 4.0.0 0605 named by the 4.x rule validates; with another prefix it is refused with file:line, exit 1."""
    template = (Path(__file__).resolve().parents[2] / "data" / "xdomea" / "0605_template_4.0.0.xml").read_bytes()
    pid = "11111111-2222-4333-8444-555555555555"
    doc = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee_antrag.pdf"
    archive = tmp_path / f"{pid}_0605_1.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(f"{pid}_0605_1.xml", template)
        out.writestr(doc, b"%PDF")
    code, result = run(xoev_dir, str(archive))
    assert code == 0 and f"valid: xdomea 4.0.0 FVDaten.SGOAblegen.0605 (0605), ProzessID {pid}" in result.output
    other = template.replace(b"<xdomea:", b"<x:").replace(b"</xdomea:", b"</x:").replace(b"xmlns:xdomea=", b"xmlns:x=")
    path = tmp_path / "m.xml"
    path.write_bytes(other)
    code, result = run(xoev_dir, str(path))
    assert code == 1 and lines(result) == ["m.xml:5: xdomea 4.0.0 requires the namespace prefix 'xdomea', not 'x'"]
