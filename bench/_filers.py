"""The contestants: the adapter's record service (over any of its three connectors), and cmislib as its
users would write it."""

from __future__ import annotations

import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cmislib import CmisClient
from cmislib.browser.binding import BrowserBinding

from adapter.config import Settings
from adapter.dms.cmis_atom import AtomConnector
from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.cmis_ws import WsConnector, WsOptions
from adapter.dms.http import DmsConnection
from adapter.domain.commands import CreateAkte, FileDocument
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.records import PrimaryFile
from adapter.mapping import load_mappings
from adapter.ports.registry import RegistryEntry
from adapter.registry import SqliteRegistry
from adapter.resources import MAPPINGS_DIR
from adapter.services.content import FileContent
from adapter.services.records.service import RecordService

ROOT = Path(__file__).resolve().parents[1]
CLERK = Bearbeiter(kennung="bench")


def connector(binding: str, url: str) -> Any:
    """The adapter's connector of ``binding`` for the sandbox URL of that binding."""
    conn = DmsConnection(url, user="admin", password="admin")
    if binding == "ws":
        return WsConnector(conn, WsOptions(cmis_dir=Settings().cmis_schema_dir))
    if binding == "atompub":
        return AtomConnector(conn)
    return BrowserConnector(conn)


class AdapterFiler:
    """A fresh adapter 'process': new connector (Browser unless ``binding`` says otherwise), new registry."""

    def __init__(self, url: str, workdir: Path, binding: str = "browser") -> None:
        mappings = load_mappings(MAPPINGS_DIR)
        self.binding = binding
        self.dms = connector(binding, url)
        registry = SqliteRegistry(workdir / f"registry-{id(self)}.db")
        self.records = RecordService(self.dms, mappings, mappings.profile("generic"), registry, registry)
        self.rc = mappings.record_class("umwelt-genehmigung")
        self.workdir = workdir
        self._n = 0
        self._lock = threading.Lock()

    def new_akte(self, betreff: str) -> RegistryEntry:
        return self.records.create_akte(CreateAkte(bearbeiter=CLERK, record_class=self.rc.key,
                                                   aktenplaneinheit=self.rc.aktenplaneinheit,
                                                   metadaten=Metadaten(betreff=betreff)))

    def vorgang(self, akte: RegistryEntry, name: str) -> RegistryEntry:
        return self.records.container(akte, "vorgang", name, CLERK)

    def content(self, payload: Path) -> FileContent:
        """The document on disk, hashed for this filing, under a name of its own."""
        with self._lock:
            self._n += 1
            name = f"doc-{id(self)}-{self._n}.pdf"
        return FileContent.of(payload, name, "application/pdf")

    def file(self, target: RegistryEntry, betreff: str, payload: Path) -> None:
        content = self.content(payload)
        self.records.file_document(FileDocument(
            bearbeiter=CLERK, record_class=self.rc.key, metadaten=Metadaten(betreff=betreff),
            target_id=target.uuid, dateien=(PrimaryFile(content.name, content.media_type, content.size,
                                                        content.sha256),)), content)


class NaiveCmislibFiler:
    """Resolve the folder by path, create the document — the way cmislib's examples do it."""

    def __init__(self, browser_url: str) -> None:
        self.repo = CmisClient(browser_url, "admin", "admin", binding=BrowserBinding()).getDefaultRepository()

    def file(self, folder_path: str, name: str, payload: Path) -> None:
        folder = self.repo.getObjectByPath(folder_path)
        with payload.open("rb") as stream:
            folder.createDocument(name, properties={"cmis:objectTypeId": "ea:dokument", "ea:betreff": name},
                                  contentFile=stream, contentType="application/pdf")


def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="bench-filing-"))


def payload(data: bytes) -> Path:
    """The document both contestants upload, written to disk once (as a Fachverfahren's file would be)."""
    path = workdir() / "payload.pdf"
    path.write_bytes(data)
    return path


def stamp(i: int) -> str:
    return (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=i)).strftime("%H%M%S")
