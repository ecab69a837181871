"""Faults retried or not, TLS client certificates (missing, foreign CA, PKCS#12)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from egov_sandbox.xta import FaultSpec, make_test_ca
from structlog.testing import capture_logs

from adapter.domain.errors import InvalidInput, PermissionDenied, TransientError
from adapter.transport.xta import (
    Endpoints,
    MtomTransport,
    Party,
    RetryPolicy,
    XtaClient,
    load_client_certificate,
    tls_session,
)

pytestmark = pytest.mark.network
TECHNICAL = FaultSpec("XTAWSTechnicalProblemException", "9030", "Interner Fehler", sender=False)


def _calls(peer, path: str) -> int:
    return sum(1 for c in peer.boxes.captured if c.path == path)


def test_technical_problem_is_retried_then_succeeds(xta_client, xta_peer) -> None:
    """Two XTAWSTechnicalProblem faults, then success: three requests, no error."""
    xta_peer.app.inject("getStatusList", TECHNICAL, times=2)
    assert xta_client("dms:01", attempts=3).status_list().entries == ()
    assert _calls(xta_peer, "/MsgBoxPort") == 3


def test_technical_problem_retries_are_bounded(xta_client, xta_peer) -> None:
    """A persistent technical problem ends as TransientError after the configured attempts."""
    xta_peer.app.inject("getStatusList", TECHNICAL, times=10)
    with pytest.raises(TransientError) as caught:
        xta_client("dms:01", attempts=3).status_list()
    assert caught.value.detail["error_code"] == "9030"
    assert _calls(xta_peer, "/MsgBoxPort") == 3


@pytest.mark.parametrize(("spec", "error"), [
    (FaultSpec("PermissionDeniedException", "9011", "Account ist gesperrt."), PermissionDenied),
    (FaultSpec("ParameterIsNotValidException", "9022", "Ungültige Parameterkombination"), InvalidInput),
])
def test_refusals_are_not_retried(xta_client, xta_peer, make_outgoing, spec, error) -> None:
    """PermissionDenied and ParameterIsNotValid map onto the error tree and are sent once."""
    xta_peer.app.inject("sendMessage", spec)
    with pytest.raises(error):
        xta_client("fv:02").send(make_outgoing("urn:de:xta:messageid:refused", "fv:02", "dms:01"))
    assert _calls(xta_peer, "/SendXtaPort") == 1


def test_missing_client_certificate_fails_clearly(xta_client) -> None:
    """Without a client certificate the TLS handshake is refused: PermissionDenied naming the certificate."""
    with pytest.raises(PermissionDenied) as caught:
        xta_client("dms:01", cert=False, attempts=1).status_list()
    assert "client certificate" in caught.value.message


def test_certificate_from_foreign_ca_fails_clearly(tmp_path: Path, xta_peer, xta_ca) -> None:
    """A client certificate issued by another CA is refused in the handshake, not retried."""
    foreign = make_test_ca(tmp_path / "foreign", ["dms:01"], name="Foreign CA")
    session = tls_session(load_client_certificate(*foreign.clients["dms:01"]), xta_ca.ca_cert)
    client = XtaClient(party=Party("dms:01"), endpoints=Endpoints.under(xta_peer.base_url),
                       transport=MtomTransport(session, tmp_path / "spool"),
                       schema_dir=Path(__file__).resolve().parents[3].parent / "shared" / "xoev",
                       retry=RetryPolicy(attempts=3, initial_wait=0.01))
    with pytest.raises(PermissionDenied) as caught:
        client.check_account_active()
    assert "TLS handshake" in caught.value.message and caught.value.detail["attempt"] == 1


def test_server_not_trusted_without_its_ca(tmp_path: Path, xta_peer, xta_ca) -> None:
    """The server certificate is verified against the CA bundle (system store: refused)."""
    session = tls_session(load_client_certificate(*xta_ca.clients["dms:01"]), None)
    client = XtaClient(party=Party("dms:01"), endpoints=Endpoints.under(xta_peer.base_url),
                       transport=MtomTransport(session, tmp_path / "spool"),
                       schema_dir=Path(__file__).resolve().parents[3].parent / "shared" / "xoev",
                       retry=RetryPolicy(attempts=1))
    with pytest.raises(PermissionDenied):
        client.check_account_active()


def test_pkcs12_client_certificate(tmp_path: Path, xta_peer, xta_ca) -> None:
    """A PKCS#12 identity works; its temporary PEM is 0600 and never appears in logs."""
    with capture_logs() as logs:
        identity = load_client_certificate(xta_ca.pkcs12["dms:01"], password="test")
        assert stat.S_IMODE(os.stat(identity.key).st_mode) == 0o600
        client = XtaClient(party=Party("dms:01"), endpoints=Endpoints.under(xta_peer.base_url),
                           transport=MtomTransport(tls_session(identity, xta_ca.ca_cert), tmp_path / "spool"),
                           schema_dir=Path(__file__).resolve().parents[3].parent / "shared" / "xoev")
        client.check_account_active()
        assert client.status_list().entries == ()
    text = repr(logs) + repr(identity)
    assert "PRIVATE KEY" not in text and str(identity.key) not in text
