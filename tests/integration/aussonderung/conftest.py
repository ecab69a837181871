"""Fixtures of the Aussonderung tests: the XTA test peer on TLS with the authority's and the archive's
mailboxes, every envelope validated against the XTA XSDs, and the test archive playing on that peer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aussonderung_rig import ARCHIVE, AUTHORITY, SCHEMA_DIR
from egov_sandbox.archive import ArchivePeer
from egov_sandbox.xta import CaFiles, XtaPeer, make_test_ca

from adapter.transport.xta import (
    Endpoints,
    MtomTransport,
    Party,
    RetryPolicy,
    XtaClient,
    load_client_certificate,
    tls_session,
)
from adapter.transport.xta.validation import EnvelopeValidator, ValidatingPlugin

pytestmark = pytest.mark.network


@pytest.fixture(scope="session")
def xta_validator() -> EnvelopeValidator:
    return EnvelopeValidator(SCHEMA_DIR)


@pytest.fixture(scope="session")
def archive_ca(tmp_path_factory: pytest.TempPathFactory) -> CaFiles:
    return make_test_ca(tmp_path_factory.mktemp("archive-ca"), [AUTHORITY])


@pytest.fixture
def xta_peer(tmp_path: Path, archive_ca: CaFiles, xta_validator: EnvelopeValidator) -> Iterator[XtaPeer]:
    with XtaPeer(SCHEMA_DIR / "xta" / "2.1.1", archive_ca, [AUTHORITY, ARCHIVE], tmp_path / "peer",
                 validate=xta_validator.validate) as peer:
        yield peer
    assert peer.app.validation_errors == []


@pytest.fixture
def client(tmp_path: Path, xta_peer: XtaPeer, archive_ca: CaFiles, xta_validator: EnvelopeValidator) -> XtaClient:
    """The authority's XTA client (``dms:01``) over TLS with its certificate."""
    identity = load_client_certificate(*archive_ca.clients[AUTHORITY])
    transport = MtomTransport(tls_session(identity, archive_ca.ca_cert), tmp_path / "xta-spool")
    return XtaClient(party=Party(AUTHORITY), endpoints=Endpoints.under(xta_peer.base_url), transport=transport,
                     schema_dir=SCHEMA_DIR, plugins=[ValidatingPlugin(xta_validator)],
                     retry=RetryPolicy(attempts=3, initial_wait=0.01, max_wait=0.05))


@pytest.fixture
def archive(tmp_path: Path, xta_peer: XtaPeer) -> ArchivePeer:
    """The test archive on the XTA peer; by default it evaluates by the records' Aussonderungsart."""
    return ArchivePeer(xta_peer.boxes, ARCHIVE, SCHEMA_DIR, tmp_path / "archive")
