"""The Aussonderung wired over real peers, as ``adapter.bootstrap`` wires it: the sandbox DMS over HTTP, the
XTA test peer over TLS (the authority ``dms:01``), the test archive (``archiv:01``) on that peer, a SQLite
journal and ledger, a fixed clock. Shared by the end-to-end, crash and refusal tests (and their child process).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from adapter.audit import JsonlAuditLog
from adapter.audit.trail import AuditTrail
from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.http import DmsConnection
from adapter.dms.http import RetryPolicy as DmsRetry
from adapter.domain.codes import Aussonderungsart
from adapter.domain.commands import AddVersion, CloseZdA, CreateAkte, FileDocument, UpdateMetadata
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.records import PrimaryFile
from adapter.journal import open_journal
from adapter.journal.spool import Spool
from adapter.mapping import load_mappings
from adapter.ports.journal import Journal
from adapter.ports.transport import MessageTransport
from adapter.registry import SqliteRegistry
from adapter.registry.aussonderung import SqliteLedger
from adapter.resources import MAPPINGS_DIR
from adapter.services.aussonderung.config import AussonderungConfig
from adapter.services.aussonderung.service import AussonderungService
from adapter.services.content import FileContent
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.filing import FilingService
from adapter.services.records.service import RecordService
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.services.xta.inbox import XtaInbox
from adapter.services.xta.route import InboundRouter
from adapter.xoev.xdomea.aussonderung_model import Contact
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.schemas import SchemaCatalog

SCHEMA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "xoev"
AUTHORITY, ARCHIVE = "dms:01", "archiv:01"
CLASS = "umwelt-genehmigung"
NOW = datetime(2031, 6, 1, 12, 0, tzinfo=UTC)  # the Akten closed on 2000-12-31 kept 30 years: over in 2031
CLERK = Bearbeiter(kennung="sb-017")


class FixedClock:
    def __init__(self, now: datetime = NOW) -> None:
        self.moment = now

    def now(self) -> datetime:
        return self.moment


@dataclass
class Rig:
    records: RecordService
    lifecycle: LifecycleService
    ledger: SqliteLedger
    journal: Journal
    service: AussonderungService
    importer: XdomeaImportService
    inbox: XtaInbox | None
    audit_path: Path

    def close(self) -> None:
        self.ledger.close()
        self.journal.close()


def build(dms_url: str, work: Path, version: str, client: MessageTransport | None, *,
          max_container_bytes: int = 1024**3, lease_seconds: float = 300) -> Rig:
    """Every part of one authority's Aussonderung over ``work`` (the same folder again: a restarted process)."""
    dms = BrowserConnector(DmsConnection(dms_url, user="admin", password="admin"),
                           retry=DmsRetry(attempts=4, total_seconds=10, initial_wait=0.01, max_wait=0.2))
    mappings = load_mappings(MAPPINGS_DIR)
    profile = mappings.profile("generic")
    registry = SqliteRegistry(work / "registry.db")
    audit_path = work / "audit.jsonl"
    audit = AuditTrail(JsonlAuditLog(audit_path), client="egov-adapter")
    records = RecordService(dms, mappings, profile, registry, registry, audit)
    ledger = SqliteLedger(work / "aussonderung.db")
    clock = FixedClock()
    lifecycle = LifecycleService(records, dms, audit, clock=clock, released=ledger.released)
    journal = open_journal(f"sqlite:///{work / 'journal.db'}")
    catalog, codelists = SchemaCatalog(SCHEMA_DIR), CodeLists(SCHEMA_DIR)
    config = AussonderungConfig(Contact(AUTHORITY, "Stadt Musterstadt"), Contact(ARCHIVE, "Testarchiv"),
                                work / "aussonderung", version=version, max_container_bytes=max_container_bytes,
                                lease=timedelta(seconds=lease_seconds))

    def transport() -> MessageTransport:
        assert client is not None, "this rig hands over files only"
        return client

    service = AussonderungService(records, lifecycle, ledger, journal, catalog, codelists, config,
                                  transport=transport, audit=audit, clock=clock)
    spool = Spool(work / "journal-spool")
    importer = XdomeaImportService(records, catalog, codelists, journal, work / "xdomea", lifecycle=lifecycle,
                                   parts_spool=lambda: spool, processes=service.inbound)
    inbox = None
    if client is not None:
        router = InboundRouter(importer, FilingService(records), work / "route")
        inbox = XtaInbox(client, journal, spool, router, work / "receipts", lease=timedelta(seconds=lease_seconds))
    return Rig(records, lifecycle, ledger, journal, service, importer, inbox, audit_path)


@dataclass(frozen=True)
class Filed:
    akte: str  # our UUID
    aktenzeichen: str
    vorgaenge: dict[str, str]  # Betreff -> our UUID
    documents: dict[str, list[bytes]]  # our document UUID -> every version's bytes


def file_akte(rig: Rig, folder: Path, betreff: str, vorgaenge: dict[str, list[list[bytes]]], *,
              art: str = "B", close: bool = True) -> Filed:
    """An Akte with Vorgänge and their documents (each a list of version contents), closed zdA on 2000-12-31."""
    records = rig.records
    rc = records.mappings.record_class(CLASS)
    akte = records.create_akte(CreateAkte(bearbeiter=CLERK, record_class=CLASS, aktenplaneinheit=rc.aktenplaneinheit,
                                          metadaten=Metadaten(betreff=betreff)))
    if art != "A":
        rig.lifecycle.update_metadata(UpdateMetadata(bearbeiter=CLERK, object_id=akte.uuid,
                                                     changes={"aussonderungsart": Aussonderungsart(art)}))
    out_v, out_d = {}, {}
    for titel, docs in vorgaenge.items():
        vorgang = records.container(akte, "vorgang", titel, CLERK)
        out_v[titel] = str(vorgang.uuid)
        for index, versions in enumerate(docs):
            path = folder / f"{betreff}-{titel}-{index}.pdf".replace(" ", "_")
            path.write_bytes(versions[0])
            content = FileContent.of(path, media_type="application/pdf")
            filed = records.file_document(FileDocument(
                bearbeiter=CLERK, record_class=CLASS, target_id=vorgang.uuid,
                metadaten=Metadaten(betreff=f"{titel} {index}"), dokumentart="Antrag",
                dateien=(PrimaryFile(content.name, content.media_type, content.size, content.sha256),)), content)
            for later in versions[1:]:
                path.write_bytes(later)
                newer = FileContent.of(path, media_type="application/pdf")
                rig.lifecycle.add_version(AddVersion(bearbeiter=CLERK, dokument_id=filed.dokument, dateien=(
                    PrimaryFile(newer.name, newer.media_type, newer.size, newer.sha256),)), newer)
            out_d[str(filed.dokument)] = versions
        if close:
            rig.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=vorgang.uuid, ende=date(2000, 12, 31)))
    if close:
        rig.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=akte.uuid, ende=date(2000, 12, 31)))
    return Filed(str(akte.uuid), akte.aktenzeichen or "", out_v, out_d)


def open_rig_journal(work: Path) -> Journal:
    return open_journal(f"sqlite:///{work / 'journal.db'}")
