"""AussonderungService (``adapter.services.aussonderung``) on the port fakes, with a fixed clock and the test
archive's own message writer for what the archive would send."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

from egov_sandbox.archive.messages import Archive, answer, read_incoming
from fakes import BytesContent, FakeGraph, FakeJournal, FakeLedger, FakeTransport
from lxml import etree
from services_helpers import CLERK, create_akte, file_into

from adapter.domain.codes import Aussonderungsart
from adapter.domain.commands import CloseZdA, SetHold, UpdateMetadata
from adapter.domain.messages import Party
from adapter.ports.dms import DmsRef
from adapter.ports.registry import RegistryEntry
from adapter.safexml import parse_bytes
from adapter.services.aussonderung.config import AussonderungConfig
from adapter.services.aussonderung.service import AussonderungService
from adapter.xoev.xdomea.aussonderung_model import Contact
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.container import open_container
from adapter.xoev.xdomea.schemas import SchemaCatalog

XOEV = Path(__file__).resolve().parents[4] / "shared" / "xoev"
NOW = datetime(2031, 6, 1, 12, 0, tzinfo=UTC)  # closed on 2000-12-31, kept 30 years: due
ARCHIVE = "archiv:01"


@dataclass
class Rig:
    graph: FakeGraph
    ledger: FakeLedger
    journal: FakeJournal
    transport: FakeTransport
    service: AussonderungService
    tmp: Path

    def akte(self, betreff: str, art: str = "B", *, close: bool = True, size: int = 100) -> tuple[RegistryEntry,
                                                                                                UUID]:
        akte = create_akte(self.graph, betreff, key=f"k-{betreff}")
        if art != "A":
            self.graph.lifecycle.update_metadata(UpdateMetadata(bearbeiter=CLERK, object_id=akte.uuid,
                                                                changes={"aussonderungsart": Aussonderungsart(art)}))
        vorgang = self.graph.records.container(akte, "vorgang", "Genehmigung", CLERK)
        content = BytesContent(betreff.encode() * size, f"{betreff}.pdf")
        doc = self.graph.records.file_document(file_into(self.graph, vorgang.uuid, content), content).dokument
        if close:
            for entry in (vorgang, akte):
                self.graph.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=entry.uuid,
                                                        ende=date(2000, 12, 31)))
        return akte, doc

    def archive_answers(self, code: str, **kwargs: object) -> object:
        """The archive's ``code`` for the last message we sent, handed to the service as the import would."""
        sent = self.transport.sent[-1]
        with zipfile.ZipFile(io.BytesIO(sent.parts[0])) as archive:
            incoming = read_incoming(etree.ElementTree(parse_bytes(archive.read(archive.namelist()[0])).getroot()))
        tree = answer(incoming, code, Archive(ARCHIVE, "Testarchiv"), **kwargs)  # type: ignore[arg-type]
        name = f"{incoming.process_id}_Aussonderung.Bewertungsverzeichnis.0502.xml"
        if code == "0506":
            name = f"{incoming.process_id}_Aussonderung.AussonderungImportBestaetigen.0506.xml"
        path = self.tmp / "in" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(etree.tostring(tree))
        container = open_container(path, self.tmp / f"open-{len(list(self.tmp.iterdir()))}", catalog=CATALOG)
        return self.service.inbound.receive(container)


CATALOG, CODELISTS = SchemaCatalog(XOEV), CodeLists(XOEV)


def _rig(tmp_path: Path, version: str = "3.0.0", max_bytes: int = 1024**3) -> Rig:
    graph = FakeGraph.build()
    graph.clock.set(NOW)
    ledger, journal = FakeLedger(), FakeJournal(clock=graph.clock)
    transport = FakeTransport(tmp_path / "xta", Party("dms:01"))
    graph.lifecycle.released = ledger.released
    config = AussonderungConfig(Contact("dms:01", "Stadt"), Contact(ARCHIVE, "Testarchiv"), tmp_path / "work",
                                version=version, max_container_bytes=max_bytes)
    service = AussonderungService(graph.records, graph.lifecycle, ledger, journal, CATALOG, CODELISTS, config,
                                  transport=lambda: transport, audit=graph.audit, clock=graph.clock,
                                  job_clock=graph.clock)
    return Rig(graph, ledger, journal, transport, service, tmp_path)


def test_candidates_are_closed_past_retention_and_not_held(tmp_path: Path) -> None:
    """Closed and due: listed with its Aussonderungsart; open, held, or not yet due by --bis: not listed."""
    rig = _rig(tmp_path)
    due, _d = rig.akte("Kläranlage")
    rig.akte("Offen", close=False)
    held, _h = rig.akte("Gesperrt")
    rig.graph.lifecycle.set_hold(SetHold(bearbeiter=CLERK, object_id=held.uuid, grund="Klage"))
    found = rig.service.candidates()
    assert [(c.uuid, c.aussonderungsart, c.retention_until) for c in found] == [(due.uuid, "B", date(2030, 12, 31))]
    assert rig.service.candidates(bis=date(2030, 12, 30)) == []
    assert rig.service.candidates(record_class="personalakte") == []


def test_an_offer_sends_one_0501_and_keeps_every_object(tmp_path: Path) -> None:
    """One 0501 to the archive over XTA, each object 'offered' in the ledger, an export audit entry per record;
    a second offer finds the record in its process and sends nothing."""
    rig = _rig(tmp_path)
    akte, doc = rig.akte("Kläranlage")
    offered = rig.service.offer(clerk="sb-1")
    (sent,) = rig.transport.sent
    assert sent.meta.reader == Party(ARCHIVE) and sent.meta.message_type.code == "0501"
    assert sent.meta.payload_schema == "urn:xoev-de:xdomea:schema:3.0.0"
    objects = rig.ledger.objects(offered.process_id or "")
    assert {o.uuid for o in objects} >= {akte.uuid, doc} and {str(o.state) for o in objects} == {"offered"}
    assert [(e.action, e.record) for e in rig.graph.audit.entries if e.action == "export"] == [("export", akte.uuid)]
    again = rig.service.offer(clerk="sb-1")
    assert again.process_id is None and [c.process for c in again.skipped] == [offered.process_id]
    assert len(rig.transport.sent) == 1


def test_an_object_changed_after_the_offer_is_reported_and_not_delivered(tmp_path: Path) -> None:
    """A document's Betreff changed in the DMS after the offer (zdA keeps the adapter out, not a clerk in the DMS):
    the evaluated record is reported 'changed', no 0503 leaves, nothing is deleted."""
    rig = _rig(tmp_path)
    akte, doc = rig.akte("Kläranlage")
    pid = rig.service.offer(clerk="sb-1").process_id or ""
    assert rig.archive_answers("0502", decisions=[(str(akte.uuid), "A")]).error is None  # type: ignore[attr-defined]
    rig.graph.dms.update_properties(DmsRef(rig.graph.records.entry(doc).ref), {"ea:betreff": "geändert"})
    (done,) = rig.service.deliver(clerk="sb-1", process_id=pid)
    assert done.changed == [str(akte.uuid)] and done.parts == []
    assert [s.meta.message_type.code for s in rig.transport.sent] == ["0501"]
    assert {str(o.state) for o in rig.ledger.objects(pid)} == {"changed"}
    assert rig.graph.dms.get_by_path(akte.path) is not None


def test_evaluation_refusals_carry_the_standards_codes(tmp_path: Path) -> None:
    """B is no decision (0000499); a document is not evaluated (0000003); nothing is applied."""
    rig = _rig(tmp_path)
    akte, doc = rig.akte("Kläranlage")
    pid = rig.service.offer(clerk="sb-1").process_id or ""
    refused = rig.archive_answers("0502", decisions=[(str(akte.uuid), "B")])
    assert refused.error.detail["rueckmeldung"] == "0000499"  # type: ignore[attr-defined]
    refused = rig.archive_answers("0502", decisions=[(str(doc), "A")])
    assert refused.error.detail["rueckmeldung"] == "0000003"  # type: ignore[attr-defined]
    assert {str(o.state) for o in rig.ledger.objects(pid)} == {"offered"}


def test_a_4x_delivery_is_split_within_the_container_size(tmp_path: Path) -> None:
    """Three Akten of Aussonderungsart A, each larger than half the limit: three 0503, numbered 1..3 of 3."""
    rig = _rig(tmp_path, "4.0.0", max_bytes=30_000)
    for name in ("Nord", "Mitte", "Sued"):
        rig.akte(name, art="A", size=3000)
    done = rig.service.deliver(clerk="sb-1")
    assert [(p["nummer"], p["von"]) for d in done for p in d.parts] == [(1, 3), (2, 3), (3, 3)]
    names = sorted(s.meta.subject or "" for s in rig.transport.sent)
    pid = done[0].process_id
    assert names == [f"{pid}_0503_{n}.zip" for n in (1, 2, 3)]


def test_a_lost_send_answer_is_sent_once(tmp_path: Path) -> None:
    """The server accepted the 0501 but the answer was lost: retried later with the same MessageID (9024), once."""
    rig = _rig(tmp_path)
    rig.akte("Kläranlage")
    rig.transport.lose_send_answer()
    rig.service.offer(clerk="sb-1")
    assert len(rig.transport.sent) == 1 and rig.journal.list()[0].state == "failed"
    rig.graph.clock.advance(timedelta(minutes=5))
    rig.service.run_due()
    assert len(rig.transport.sent) == 1 and rig.journal.list()[0].state == "done"


def test_a_hold_set_after_the_offer_keeps_the_record(tmp_path: Path) -> None:
    """Evaluated "archive", then held: reported 'held' on delivery, no 0503, and no deletion pass touches it."""
    rig = _rig(tmp_path)
    akte, _doc = rig.akte("Kläranlage")
    pid = rig.service.offer(clerk="sb-1").process_id or ""
    rig.archive_answers("0502", decisions=[(str(akte.uuid), "A")])
    rig.graph.lifecycle.set_hold(SetHold(bearbeiter=CLERK, object_id=akte.uuid, grund="Prüfung"))
    (done,) = rig.service.deliver(clerk="sb-1", process_id=pid)
    assert done.held == [str(akte.uuid)] and done.parts == []
    assert {str(o.state) for o in rig.ledger.objects(pid)} == {"held"}
    assert rig.service.status(pid)["abgeschlossen"] is True


def test_an_answer_whose_sender_cannot_be_identified_is_refused(tmp_path: Path) -> None:
    """Without configured names, a 0502 whose Absender names no Behördenkennung is not the archive's: 0000003."""
    rig = _rig(tmp_path)
    rig.service.ctx.config = AussonderungConfig(Contact("dms:01"), Contact(ARCHIVE), tmp_path / "work")
    akte, _doc = rig.akte("Kläranlage")
    pid = rig.service.offer(clerk="sb-1").process_id or ""
    sent = rig.transport.sent[-1]
    with zipfile.ZipFile(io.BytesIO(sent.parts[0])) as archive:
        incoming = read_incoming(etree.ElementTree(parse_bytes(archive.read(archive.namelist()[0])).getroot()))
    tree = answer(incoming, "0502", Archive(ARCHIVE), decisions=[(str(akte.uuid), "V")])
    ns = {"x": "urn:xoev-de:xdomea:schema:3.0.0"}
    sender = tree.getroot().find("x:Kopf/x:Absender", ns)
    for child in list(sender):
        sender.remove(child)
    path = tmp_path / "anonym" / f"{pid}_Aussonderung.Bewertungsverzeichnis.0502.xml"
    path.parent.mkdir()
    path.write_bytes(etree.tostring(tree))
    outcome = rig.service.inbound.receive(open_container(path, tmp_path / "opened", catalog=CATALOG))
    assert outcome.error is not None and outcome.error.detail["rueckmeldung"] == "0000003"
    assert {str(o.state) for o in rig.ledger.objects(pid)} == {"offered"}


def test_objects_the_evaluation_does_not_name_are_reported(tmp_path: Path) -> None:
    """Only the Akte named "A": its Vorgang is reported as not named and follows it; a second offered Akte,
    not named at all, stays unevaluated (kept, never deleted)."""
    rig = _rig(tmp_path)
    named, _d1 = rig.akte("Kläranlage")
    other, _d2 = rig.akte("Windpark")
    pid = rig.service.offer(clerk="sb-1").process_id or ""
    outcome = rig.archive_answers("0502", decisions=[(str(named.uuid), "A")])
    texts = {e.fv_id: e.text for e in outcome.entries}  # type: ignore[attr-defined]
    assert texts[str(named.uuid)] == "archivieren" and texts[str(other.uuid)] == "nicht genannt: unbewertet, " \
        "bleibt erhalten"
    assert sorted(t for t in texts.values() if t and t.startswith("nicht genannt: archivieren")) == [
        "nicht genannt: archivieren wie sein Container"]
    states = {o.uuid: str(o.state) for o in rig.ledger.objects(pid)}
    assert states[other.uuid] == "unevaluated" and rig.graph.dms.get_by_path(other.path) is not None
