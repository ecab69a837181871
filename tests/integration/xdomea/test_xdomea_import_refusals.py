"""Refusals through the import: hostile or broken input, unsupported types; never anything filed.

The hostile corpus runs in 3.1.0 and 4.0.0 alike (``VERSIONS``), plus what only 4.0.0 can get wrong:
the namespace prefix and the file name rule."""

from __future__ import annotations

import dataclasses
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from egov_sandbox.server import SandboxServer
from lxml import etree
from records_helpers import stored_documents
from xdomea_checks import by_code, codes, parameters, receipt_file, valid_receipt
from xdomea_messages import dokument, entry, message

from adapter.domain.errors import NotSupported
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.xoev.errors import ContainerRefused, SchemaInvalid, XmlRefused
from adapter.xoev.xdomea.schemas import SchemaCatalog

Importer = Callable[..., XdomeaImportService]
VERSIONS = ["3.1.0", "4.0.0"]


def _one_doc(version: str = "3.1.0") -> Any:
    return message("0605", version, [entry("FV-1", dokument("Antrag", {"a.pdf": b"%PDF a"}))])


def _negative(outcome: Any, catalog: SchemaCatalog, code: str) -> Any:
    (name,) = outcome.receipts
    assert list(by_code(outcome.receipts)) == ["0630"]
    root = valid_receipt(catalog, outcome.receipts[name])
    assert codes(root)[0] == code
    return root


@pytest.mark.parametrize("version", VERSIONS)
def test_schema_invalid_message_gets_0000008(version: str, importer: Importer, sandbox: SandboxServer,
                                               catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A well-formed but schema-invalid 0605 (ProzessID readable) files nothing, answers 0000008."""
    built = _one_doc(version)
    bad = built.xml.replace(b"<xdomea:Betreff>", b"<xdomea:Unbekannt>x</xdomea:Unbekannt><xdomea:Betreff>")
    path = dataclasses.replace(built, xml=bad).container(tmp_path)
    outcome = importer().import_file(path)
    assert isinstance(outcome.error, SchemaInvalid) and outcome.process_id == built.process_id
    root = _negative(outcome, catalog, "0000008")
    assert "schema-invalid" in etree.tostring(root).decode()  # SonstigeFehlermeldung names the reason
    assert stored_documents(sandbox) == {}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("case", ["missing", "slip", "extra"])
def test_container_refusals_get_0000015(case: str, version: str, importer: Importer, sandbox: SandboxServer,
                                        catalog: SchemaCatalog, tmp_path: Path) -> None:
    """Missing primary file, a zip-slip member, an unnamed member: refused, 0000015, nothing filed."""
    built = _one_doc(version)
    (name,) = built.files
    extra = {"../evil.pdf": b"x"} if case == "slip" else {"stray.pdf": b"x"} if case == "extra" else None
    path = built.container(tmp_path, drop=(name,) if case == "missing" else (), extra=extra)
    outcome = importer().import_file(path)
    assert isinstance(outcome.error, ContainerRefused)
    _negative(outcome, catalog, "0000015")
    assert stored_documents(sandbox) == {} and not (tmp_path.parent / "evil.pdf").exists()


@pytest.mark.parametrize("version", VERSIONS)
def test_zip_bomb_is_refused_and_answered(version: str, importer: Importer, sandbox: SandboxServer,
                                          catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A primary file that inflates 1000:1 is refused while extracting; the head still gets its 0630."""
    built = _one_doc(version)
    (name,) = built.files
    path = built.container(tmp_path, extra={name: b"\0" * (32 * 1024 * 1024)})
    outcome = importer().import_file(path)
    assert isinstance(outcome.error, ContainerRefused)
    _negative(outcome, catalog, "0000015")
    assert stored_documents(sandbox) == {}


@pytest.mark.parametrize("data", [
    b"PK\x03\x04 not really a zip",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>',
    b"<xdomea:FVDaten.SGOAblegen.0605 xmlns:xdomea='urn:xoev-de:xdomea:schema:3.1.0'><unclosed>",
    b"<xdomea:FVDaten.SGOAblegen.0605 xmlns:xdomea='urn:xoev-de:xdomea:schema:4.0.0'><unclosed>",
    b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">'
    b"<xdomea:Abgabe.Abgabe.0401 xmlns:xdomea='urn:xoev-de:xdomea:schema:4.0.0'/>",
], ids=["garbage-zip", "doctype-entities", "not-well-formed", "not-well-formed-4.0.0", "external-dtd-4.0.0"])
def test_unreadable_input_is_refused_without_receipt(data: bytes, importer: Importer, sandbox: SandboxServer,
                                                     tmp_path: Path) -> None:
    """Input whose head cannot be read safely: a typed refusal, no receipt, nothing filed."""
    path = tmp_path / ("in.zip" if data.startswith(b"PK") else "in.xml")
    path.write_bytes(data)
    outcome = importer().import_file(path)
    assert isinstance(outcome.error, ContainerRefused | XmlRefused) and outcome.receipts == {}
    assert stored_documents(sandbox) == {}


def _ansehen(ctx: Any, root: Any) -> None:
    ctx.sub(ctx.sub(root, "SchriftgutobjektZumAnsehen"), "IDSchriftgutobjektDMS" if ctx.v4 else "IDSGO",
            str(uuid.uuid4()))


def _drucken(ctx: Any, root: Any) -> None:
    item = ctx.sub(root, "SchriftgutobjektZumDrucken")
    ctx.sub(item, "IDSchriftgutobjektDMS" if ctx.v4 else "IDSGO", str(uuid.uuid4()))
    for local, text in (("Drucker", "Etage 3"), ("MetadatenDrucken", "0"), ("PrimaerdokumentDrucken", "1"),
                        ("UnterSGODrucken", "0")):
        ctx.sub(item, local, text)


@pytest.mark.parametrize(("kind", "body"), [("0602", _ansehen), ("0606", _drucken)])
@pytest.mark.parametrize("version", ["3.0.0", "3.1.0", "4.0.0"])
def test_unhandled_fvdaten_type_gets_0629_and_a_negative_0630(
        kind: str, body: Any, version: str, importer: Importer, sandbox: SandboxServer, catalog: SchemaCatalog,
        tmp_path: Path) -> None:
    """A valid 0602/0606 is confirmed received (0629) and answered 0000499 with the reason, not silence."""
    built = message(kind, version, body=body)
    outcome = importer().import_file(built.bare(tmp_path))
    assert isinstance(outcome.error, NotSupported)
    assert sorted(outcome.receipts) == sorted([receipt_file(built, "0629"), receipt_file(built, "0630")])
    answer = valid_receipt(catalog, outcome.receipts[receipt_file(built, "0630")])
    assert codes(answer) == ["0000499"]
    assert "nicht unterstuetzt" in etree.tostring(answer, encoding="unicode")
    valid_receipt(catalog, outcome.receipts[receipt_file(built, "0629")])
    assert stored_documents(sandbox) == {}


def test_a_message_that_is_not_for_the_dms_is_refused_without_answer(
        importer: Importer, sandbox: SandboxServer, catalog: SchemaCatalog, tmp_path: Path) -> None:
    """The real 0501 (Aussonderung) container is valid but no FVDaten message: refused, no receipt."""
    sample = next((Path(catalog.root).parent / "samples" / "xdomea").glob("*.zip"))
    outcome = importer().import_file(sample)
    assert isinstance(outcome.error, NotSupported) and outcome.receipts == {}
    assert stored_documents(sandbox) == {}


@pytest.mark.parametrize("version", ["3.0.0", "4.0.0"])
def test_no_0629_when_the_head_does_not_ask_for_it(version: str, importer: Importer, sandbox: SandboxServer,
                                                   tmp_path: Path) -> None:
    """Empfangsbestaetigung=0: only the 0630 (Importbestaetigung is fixed to 1 by the schema)."""
    built = message("0605", version, [entry("FV-1", dokument("Antrag", {"a.pdf": b"A"}))], receipts=False)
    outcome = importer().import_file(built.container(tmp_path))
    assert outcome.ok and list(outcome.receipts) == [receipt_file(built, "0630")]
    assert len(stored_documents(sandbox)) == 1


@pytest.mark.parametrize("version", ["2.3.0", "2.4.0"])
def test_2x_0605_is_filed_and_answered_in_its_own_layout(version: str, importer: Importer, sandbox: SandboxServer,
                                                         catalog: SchemaCatalog, tmp_path: Path) -> None:
    """xdomea 2.x 0605: filed, and the 0630 (one Rueckmeldung, 2.x parameter order) validates."""
    built = message("0605", version, [entry("FV-1", dokument("Antrag", {"a.pdf": b"A"})),
                                      entry("FV-2", dokument("Bescheid", {"b.pdf": b"B"}))])
    outcome = importer().import_file(built.container(tmp_path))
    assert outcome.ok and len(stored_documents(sandbox)) == 2
    answer = valid_receipt(catalog, outcome.receipts[receipt_file(built, "0630")])
    assert [p["value"] for p in parameters(answer)] == ["FV-1", "FV-2"]


@pytest.mark.parametrize("version", VERSIONS)
def test_zip_written_by_the_helper_is_a_plain_container(version: str, tmp_path: Path) -> None:
    """The test container holds exactly the message and the files it names (guards the helper itself)."""
    built = _one_doc(version)
    stem = f"{built.process_id}_0605_1" if version.startswith("4.") else f"{built.process_id}_{built.name}"
    with zipfile.ZipFile(built.container(tmp_path)) as archive:
        assert sorted(archive.namelist()) == sorted([f"{stem}.xml", *built.files])
    assert built.container(tmp_path).name == f"{stem}.zip"


def test_40_message_under_another_prefix_is_refused_and_answered(importer: Importer, sandbox: SandboxServer,
                                                                 catalog: SchemaCatalog, tmp_path: Path) -> None:
    """4.0.0 requires the prefix xdomea: the same 0605 under 'x' files nothing and answers 0000008."""
    built = _one_doc("4.0.0")
    other = built.xml.replace(b"<xdomea:", b"<x:").replace(b"</xdomea:", b"</x:").replace(b"xmlns:xdomea=", b"xmlns:x=")
    outcome = importer().import_file(dataclasses.replace(built, xml=other).container(tmp_path))
    assert isinstance(outcome.error, SchemaInvalid)
    root = _negative(outcome, catalog, "0000008")
    assert "prefix" in etree.tostring(root, encoding="unicode")
    assert stored_documents(sandbox) == {}


def test_40_message_named_by_the_3x_rule_is_refused_and_answered(importer: Importer, sandbox: SandboxServer,
                                                                 catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A 4.0.0 container whose message is named {ProzessID}_FVDaten.SGOAblegen.0605.xml: 0000015, nothing filed."""
    built = _one_doc("4.0.0")
    path = tmp_path / "c.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{built.process_id}_{built.name}.xml", built.xml)
        for name, data in built.files.items():
            archive.writestr(name, data)
    outcome = importer().import_file(path)
    assert isinstance(outcome.error, ContainerRefused) and f"{built.process_id}_0605_1.xml" in outcome.error.message
    _negative(outcome, catalog, "0000015")
    assert stored_documents(sandbox) == {}


def test_40_primary_document_with_another_hash_is_refused(importer: Importer, sandbox: SandboxServer,
                                                          catalog: SchemaCatalog, tmp_path: Path) -> None:
    """4.0.0 may state a SHA-256 per primary document: a file that does not match it files nothing (0000015)."""
    built = _one_doc("4.0.0")
    stated = (b"<xdomea:Hash><xdomea:Wert>" + b"ab" * 32 + b"</xdomea:Wert><xdomea:Algorithmus listVersionID"
              b'="1.0.0"><code>SHA-256</code></xdomea:Algorithmus></xdomea:Hash></xdomea:Primaerdokument>')
    xml = built.xml.replace(b"</xdomea:Primaerdokument>", stated)
    outcome = importer().import_file(dataclasses.replace(built, xml=xml).container(tmp_path))
    assert isinstance(outcome.error, ContainerRefused) and "SHA-256" in outcome.error.message
    _negative(outcome, catalog, "0000015")
    assert stored_documents(sandbox) == {}
