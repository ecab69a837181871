"""Message validation: the real sample validates; broken variants are reported with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapter.xoev.errors import SchemaInvalid, XmlRefused
from adapter.xoev.xdomea.message import load_message, validate
from adapter.xoev.xdomea.schemas import SchemaCatalog

PID = "9a75050f-323a-4e84-94c9-a889aa2b4fe8"


def test_sample_validates(catalog: SchemaCatalog, sample_xml: bytes, tmp_path: Path) -> None:
    """The official 3.0.0 0501 sample is valid and its head is read."""
    path = tmp_path / "m.xml"
    path.write_bytes(sample_xml)
    report = validate(path, catalog=catalog)
    assert report.ok, report.problems
    assert (report.version, report.message_type, report.message_name) == (
        "3.0.0",
        "0501",
        "Aussonderung.Anbieteverzeichnis.0501",
    )
    assert report.process_id == PID
    assert report.sender == "AbsXdomeaInstitutionName"
    assert report.recipient == "EmpBehoerdenkennungPraefixCode:LATh"
    assert report.source == str(path)


def test_removed_required_element_reported_with_line(catalog: SchemaCatalog, sample_xml: bytes) -> None:
    """Removing the required ProzessID yields a schema problem on the next element's line."""
    broken = sample_xml.replace(f"<xdomea:ProzessID>{PID}</xdomea:ProzessID>".encode(), b"")
    report = validate(broken, catalog=catalog)
    assert not report.ok
    line, text = report.problems[0]
    assert line == 5 and "ProzessID" in text


def test_wrong_namespace_reported(catalog: SchemaCatalog, sample_xml: bytes) -> None:
    """A root outside the xdomea namespace is reported as not an xdomea message."""
    report = validate(
        sample_xml.replace(b"urn:xoev-de:xdomea:schema:3.0.0", b"urn:example:x"), catalog=catalog
    )
    assert report.problems[0][0] == 2
    assert "not an xdomea message" in report.problems[0][1]


def test_wrong_version_reported(catalog: SchemaCatalog, sample_xml: bytes) -> None:
    """A version without schemas (3.0.9) or an unsupported generation (9.0.0) is reported."""
    for bad in (b"3.0.9", b"9.0.0"):
        report = validate(sample_xml.replace(b"schema:3.0.0", b"schema:" + bad), catalog=catalog)
        assert not report.ok and bad.decode() in report.problems[0][1]


def test_version_mismatch_with_content_reported(catalog: SchemaCatalog, sample_xml: bytes) -> None:
    """The 3.0.0 sample declared as 2.4.0 fails the 2.4.0 schema with line numbers."""
    report = validate(sample_xml.replace(b"schema:3.0.0", b"schema:2.4.0"), catalog=catalog)
    assert report.version == "2.4.0"
    assert report.problems and all(line for line, _ in report.problems)


def test_garbage_reported(catalog: SchemaCatalog) -> None:
    """Garbage is a problem on line 1, not an exception."""
    report = validate(b"\x89PNG garbage", catalog=catalog)
    assert report.head is None and report.problems[0][0] == 1


def test_type_code_must_match_root(catalog: SchemaCatalog, sample_xml: bytes) -> None:
    """A Nachrichtentyp code that is valid but names another message is reported."""
    report = validate(sample_xml.replace(b"<code>0501</code>", b"<code>0502</code>", 1), catalog=catalog)
    assert any("does not match" in text for _, text in report.problems)


def test_load_message_strict(catalog: SchemaCatalog, sample_xml: bytes) -> None:
    """load_message returns the tree for a valid message and raises typed errors otherwise."""
    assert load_message(sample_xml, catalog=catalog).report.process_id == PID
    with pytest.raises(SchemaInvalid):
        load_message(sample_xml.replace(b"<code>0501</code>", b"<code>9999</code>", 1), catalog=catalog)
    with pytest.raises(XmlRefused):
        load_message(b"<!DOCTYPE x><x/>", catalog=catalog)


def test_second_validation_does_not_recompile(catalog: SchemaCatalog, sample_xml: bytes) -> None:
    """Validating again (any number of times) reuses the catalog's compiled schema."""
    validate(sample_xml, catalog=catalog)
    before = catalog.compiles
    for _ in range(3):
        assert validate(sample_xml, catalog=catalog).ok
    assert catalog.compiles == before
