"""Fixtures for the XTA tests: a test CA, the XTA test peer on TLS loopback, clients per party.

Every SOAP envelope crossing the wire is validated against the XTA XSDs of the schema folder in both
directions: by the peer's validation hook and by a zeep plugin on each client.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from egov_sandbox.server import SandboxServer
from egov_sandbox.xta import CaFiles, XtaPeer, make_test_ca
from xta_wiring import inbox_for, outbox_for

from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.http import DmsConnection
from adapter.dms.http import RetryPolicy as DmsRetry
from adapter.journal import open_journal
from adapter.journal.spool import Spool
from adapter.mapping import load_mappings
from adapter.ports.journal import Journal
from adapter.registry import SqliteRegistry
from adapter.resources import MAPPINGS_DIR
from adapter.services.records.service import RecordService
from adapter.services.xta.inbox import XtaInbox
from adapter.services.xta.outbox import XtaOutbox
from adapter.transport.xta import (
    Code,
    Content,
    Endpoints,
    MessageMeta,
    MtomTransport,
    OutgoingMessage,
    Party,
    RetryPolicy,
    XtaClient,
    load_client_certificate,
    tls_session,
)
from adapter.transport.xta.validation import EnvelopeValidator, ValidatingPlugin

SCHEMA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "xoev"
PARTIES = ["dms:01", "fv:02", "other:03"]

pytestmark = pytest.mark.network


@pytest.fixture(scope="session")
def xta_validator() -> EnvelopeValidator:
    return EnvelopeValidator(SCHEMA_DIR)


@pytest.fixture(scope="session")
def xta_ca(tmp_path_factory: pytest.TempPathFactory) -> CaFiles:
    return make_test_ca(tmp_path_factory.mktemp("xta-ca"), PARTIES)


@pytest.fixture()
def xta_peer(tmp_path: Path, xta_ca: CaFiles, xta_validator: EnvelopeValidator) -> Iterator[XtaPeer]:
    with XtaPeer(SCHEMA_DIR / "xta" / "2.1.1", xta_ca, PARTIES, tmp_path / "peer",
                 validate=xta_validator.validate) as peer:
        yield peer
    assert peer.app.validation_errors == []


ClientFactory = Callable[..., XtaClient]


@pytest.fixture()
def xta_client(tmp_path: Path, xta_peer: XtaPeer, xta_ca: CaFiles, xta_validator: EnvelopeValidator) -> ClientFactory:
    """``xta_client(party, cert_party=None, mtom=True, attempts=3)``: a validating client over TLS."""

    def make(party: str, cert_party: str | None = None, *, mtom: bool = True, attempts: int = 3,
             cert: bool = True) -> XtaClient:
        identity = load_client_certificate(*xta_ca.clients[cert_party or party]) if cert else None
        transport = MtomTransport(tls_session(identity, xta_ca.ca_cert), tmp_path / f"spool-{party}", mtom=mtom)
        return XtaClient(party=Party(party), endpoints=Endpoints.under(xta_peer.base_url), transport=transport,
                         schema_dir=SCHEMA_DIR, plugins=[ValidatingPlugin(xta_validator)],
                         retry=RetryPolicy(attempts=attempts, initial_wait=0.01, max_wait=0.05))

    return make


def outgoing(tmp_path: Path, message_id: str, author: str, reader: str, *, body: bytes = b"<nachricht/>",
             attachments: tuple[bytes, ...] = ()) -> OutgoingMessage:
    """A small xdomea-shaped XTA message with files under ``tmp_path``."""
    folder = tmp_path / "out" / message_id.rsplit(":", 1)[-1]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "message.xml").write_bytes(body)
    parts = []
    for index, data in enumerate(attachments):
        (folder / f"a{index}.bin").write_bytes(data)
        parts.append(Content(folder / f"a{index}.bin", "application/octet-stream", f"a{index}.bin"))
    meta = MessageMeta(message_id, Party(author), Party(reader), "urn:xoev-de:xdomea:kosit:standard:xdomea_3.0.0",
                       Code("0401", "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0"),
                       "urn:xoev-de:xdomea:schema:xdomea_3.0.0",
                       Code("XDOMEAGAD_DATA", "urn:de:dataport:codeliste:business.scenario", "1"))
    return OutgoingMessage(meta, Content(folder / "message.xml", "application/xml", "message.xml"), tuple(parts))


@pytest.fixture()
def make_outgoing(tmp_path: Path) -> Callable[..., OutgoingMessage]:
    def make(message_id: str, author: str, reader: str, **kwargs: object) -> OutgoingMessage:
        return outgoing(tmp_path, message_id, author, reader, **kwargs)  # type: ignore[arg-type]

    return make


# -- the inbox and outbox against the sandbox DMS ------------------------------------------------------
ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests" / "integration" / "xdomea"))  # the xdomea message builders
sys.path.insert(0, str(ROOT / "tests" / "integration" / "records"))  # stored_documents
SANDBOX_USERS = ("admin:admin:GROUP_personalstelle|GROUP_personalstelle-leitung|GROUP_umweltamt|GROUP_poststelle|"
                 "GROUP_sachbearbeitung")


@pytest.fixture
def dms_sandbox(sandbox: SandboxServer) -> SandboxServer:
    """The DMS of the inbox and outbox tests (the shared ``sandbox`` fixture)."""
    return sandbox


@pytest.fixture
def dms(dms_sandbox: SandboxServer) -> BrowserConnector:
    return BrowserConnector(DmsConnection(dms_sandbox.urls.browser, user="admin", password="admin"),
                            retry=DmsRetry(attempts=4, total_seconds=10, initial_wait=0.01, max_wait=0.2))


@pytest.fixture
def records(dms: BrowserConnector, tmp_path: Path) -> RecordService:
    mappings = load_mappings(MAPPINGS_DIR)
    registry = SqliteRegistry(tmp_path / "registry.db")
    return RecordService(dms, mappings, mappings.profile("generic"), registry, registry)


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    jnl = open_journal(f"sqlite:///{tmp_path / 'journal.db'}")
    try:
        yield jnl
    finally:
        jnl.close()


@pytest.fixture
def spool(tmp_path: Path) -> Spool:
    return Spool(tmp_path / "journal-spool")


@pytest.fixture
def inbox(xta_client: ClientFactory, records: RecordService, journal: Journal, spool: Spool,
          tmp_path: Path) -> XtaInbox:
    return inbox_for(xta_client("dms:01"), records, journal, spool, SCHEMA_DIR, tmp_path / "work")


@pytest.fixture
def outbox(xta_client: ClientFactory, dms: BrowserConnector, journal: Journal, spool: Spool) -> XtaOutbox:
    return outbox_for(xta_client("dms:01"), dms, journal, spool)
