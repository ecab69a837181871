"""Hostile and wrong input from the archive's side, handed over as files: refused with the AllgemeineRueckmeldung
codes, kept as refusals, nothing deleted. And the file hand-over itself (offer --out, answers imported)."""

from __future__ import annotations

import os
import re
import uuid
import zipfile
from pathlib import Path

import pytest
from aussonderung_rig import ARCHIVE, Rig, build, file_akte
from egov_sandbox.archive import ArchivePeer
from egov_sandbox.server import SandboxServer
from egov_sandbox.xta.mailbox import Mailboxes
from sandbox_store import stored_documents

from adapter.domain.aussonderung import State

pytestmark = pytest.mark.network
SCHEMA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "xoev"


def _offered(sandbox: SandboxServer, tmp_path: Path, version: str = "3.0.0") -> tuple[Rig, ArchivePeer, str,
                                                                                     dict[str, Path]]:
    """Two Akten offered as a file; the archive's answers (0504, 0502) written as files, not yet imported."""
    rig = build(sandbox.urls.browser, tmp_path / "adapter", version, None)
    file_akte(rig, tmp_path, "Kläranlage", {"Genehmigung": [[os.urandom(900)]]})
    file_akte(rig, tmp_path, "Windpark", {"Antrag": [[os.urandom(800)]]})
    offered = rig.service.offer(clerk="sb-1", out_dir=tmp_path / "out")
    assert offered.process_id is not None
    (container,) = (tmp_path / "out").iterdir()
    peer = ArchivePeer(Mailboxes([ARCHIVE], tmp_path / "boxes"), ARCHIVE, SCHEMA_DIR, tmp_path / "archive",
                       rule=lambda o: "V" if o.kind == "Akte" else None)
    answers = {p.name.split("_", 1)[1][:4] if version.startswith("4.") else p.name.rsplit(".", 2)[-2]: p
               for p in peer.receive_file(container, tmp_path / "answers")}
    return rig, peer, offered.process_id, answers


def _rewrite(container: Path, target: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """A copy of ``container`` whose message XML went through ``change`` (bytes -> bytes)."""
    with zipfile.ZipFile(container) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info.filename, change(data) if info.filename.endswith(".xml") else data)
    return target


def _states(rig: Rig, pid: str) -> set[str]:
    return {str(o.state) for o in rig.ledger.objects(pid)}


def test_the_file_hand_over_round_trip(sandbox: SandboxServer, tmp_path: Path) -> None:
    """offer --out writes the 0501 container; the archive's 0504 and 0502 imported from files; the 0505 answered."""
    rig, _peer, pid, answers = _offered(sandbox, tmp_path)
    assert set(answers) == {"0504", "0502"}
    assert rig.importer.import_file(answers["0504"]).error is None
    done = rig.importer.import_file(answers["0502"])
    assert done.error is None and list(done.receipts) == [f"{pid}_Aussonderung.BewertungEmpfangBestaetigen.0505.xml"]
    assert stored_documents(sandbox) == {}  # both Akten evaluated "destroy": deleted
    assert _states(rig, pid) == {"deleted"}
    again = rig.importer.import_file(answers["0502"])  # redelivered: the same answer, nothing done twice
    assert again.redelivered and again.receipts == done.receipts


def test_a_0502_naming_unknown_objects_is_refused_and_nothing_is_deleted(sandbox: SandboxServer,
                                                                          tmp_path: Path) -> None:
    """One id the process never offered: the whole evaluation refused (0000003), every object still offered."""
    rig, _peer, pid, answers = _offered(sandbox, tmp_path)
    before = stored_documents(sandbox)
    stranger = str(uuid.uuid4())
    (tmp_path / "bad").mkdir()
    bad = _rewrite(answers["0502"], tmp_path / "bad" / answers["0502"].name,
                   lambda xml: re.sub(rb"<xdomea:ID>[^<]+</xdomea:ID>", f"<xdomea:ID>{stranger}</xdomea:ID>".encode(),
                                      xml, count=1))
    outcome = rig.importer.import_file(bad)
    assert outcome.error is not None and outcome.error.detail["rueckmeldung"] == "0000003"
    assert outcome.receipts == {} and [e.fv_id for e in outcome.entries] == [stranger]
    assert stored_documents(sandbox) == before and _states(rig, pid) == {"offered"}
    refusals = [m for m in rig.service.status(pid)["nachrichten"] if m["ergebnis"] == "refused"]
    assert [(m["typ"], m["rueckmeldung"]) for m in refusals] == [("0502", "0000003")]


def test_a_0502_from_another_authority_is_refused(sandbox: SandboxServer, tmp_path: Path) -> None:
    """The same evaluation, but written by someone else than the process's archive: refused, nothing deleted."""
    rig, _peer, pid, answers = _offered(sandbox, tmp_path)
    before = stored_documents(sandbox)
    (tmp_path / "foreign").mkdir()
    foreign = _rewrite(answers["0502"], tmp_path / "foreign" / answers["0502"].name,
                       lambda xml: xml.replace(b"<code>01</code>", b"<code>99</code>", 1)
                       .replace(b"Testarchiv", b"Fremdes Archiv"))
    outcome = rig.importer.import_file(foreign)
    assert outcome.error is not None and outcome.error.detail["rueckmeldung"] == "0000003"
    assert stored_documents(sandbox) == before and _states(rig, pid) == {"offered"}


def test_a_0506_for_a_process_we_never_started_is_refused(sandbox: SandboxServer, tmp_path: Path) -> None:
    """A confirmation with an unknown ProzessID: refused 0000003, kept as a refusal for that id, nothing deleted."""
    rig, _peer, pid, answers = _offered(sandbox, tmp_path)
    before = stored_documents(sandbox)
    other = str(uuid.uuid4())
    xml = answers["0502"]
    (tmp_path / "unknown").mkdir()
    renamed = tmp_path / "unknown" / xml.name.replace(pid, other)
    with zipfile.ZipFile(xml) as source, zipfile.ZipFile(renamed, "w") as out:
        for info in source.infolist():
            out.writestr(info.filename.replace(pid, other), source.read(info).replace(pid.encode(), other.encode()))
    outcome = rig.importer.import_file(renamed)
    assert outcome.error is not None and outcome.error.detail["rueckmeldung"] == "0000003"
    assert stored_documents(sandbox) == before and _states(rig, pid) == {"offered"}
    assert rig.service.status(other)["bekannt"] is False and rig.service.status(other)["nachrichten"]


def test_malformed_and_oversized_messages_are_refused(sandbox: SandboxServer, tmp_path: Path) -> None:
    """Schema-invalid: 0000008; a ZIP bomb and a traversal name: refused before extraction; nothing deleted."""
    rig, _peer, pid, answers = _offered(sandbox, tmp_path)
    before = stored_documents(sandbox)
    (tmp_path / "invalid").mkdir()
    invalid = _rewrite(answers["0502"], tmp_path / "invalid" / answers["0502"].name,
                       lambda xml: xml.replace(b"<code>V</code>", b"<code>X</code>"))
    refused = rig.importer.import_file(invalid)
    assert refused.error is not None and refused.receipts == {}
    (tmp_path / "bomb").mkdir()
    bomb = tmp_path / "bomb" / answers["0502"].name
    with zipfile.ZipFile(answers["0502"]) as source:
        message = source.read(source.namelist()[0])
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr(answers["0502"].name.replace(".zip", ".xml"), message)
        with out.open("a" * 10, "w") as member:  # 16 MiB of zeros: a ratio far over the limit
            for _ in range(16):
                member.write(bytes(1024 * 1024))
    assert rig.importer.import_file(bomb).error is not None
    (tmp_path / "slip").mkdir()
    slip = _rewrite(answers["0502"], tmp_path / "slip" / answers["0502"].name, lambda xml: xml)
    with zipfile.ZipFile(slip, "a") as out:
        out.writestr("../../evil.txt", b"x")
    assert rig.importer.import_file(slip).error is not None
    assert stored_documents(sandbox) == before and _states(rig, pid) == {"offered"}
    assert all(o.state is State.OFFERED for o in rig.ledger.objects(pid))
    kept = sorted(m["rueckmeldung"] for m in rig.service.status(pid)["nachrichten"] if m["ergebnis"] == "refused")
    assert kept == ["0000008", "0000015"]  # schema, bomb; the traversal name is refused before its head is read


def test_another_0502_under_the_same_number_is_refused_once_the_first_was_applied(sandbox: SandboxServer,
                                                                                 tmp_path: Path) -> None:
    """The evaluation is final once applied: a different 0502 number 1 is 0000009 (already processed)."""
    rig, _peer, pid, answers = _offered(sandbox, tmp_path)
    assert rig.importer.import_file(answers["0502"]).error is None
    (tmp_path / "second").mkdir()
    second = _rewrite(answers["0502"], tmp_path / "second" / answers["0502"].name,
                      lambda xml: xml.replace(b"<xdomea:Empfangsbestaetigung>1", b"<xdomea:Empfangsbestaetigung>0"))
    outcome = rig.importer.import_file(second)
    assert outcome.error is not None and outcome.error.detail["rueckmeldung"] == "0000009"
    assert _states(rig, pid) == {"deleted"}  # what the first evaluation did stands
