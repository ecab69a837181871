"""TLS client certificates over real TLS on loopback: a verified certificate mapped in the clients file is a client."""

from __future__ import annotations

import hashlib
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_helpers import Running, running_api
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from egov_sandbox.xta import CaFiles, make_test_ca
from typer.testing import CliRunner

from adapter.api.tls import tls_options
from adapter.bootstrap import cli_app
from adapter.cli.main import exit_code_for
from adapter.config import load_settings
from adapter.domain.errors import AdapterError


@pytest.fixture(scope="module")
def cas(tmp_path_factory: pytest.TempPathFactory) -> tuple[CaFiles, CaFiles]:
    """The trusted test CA (server + clients hr-fv, umwelt-fv, unmapped) and a CA the server does not trust."""
    root = tmp_path_factory.mktemp("ca")
    return (make_test_ca(root / "trusted", ["hr-fv", "umwelt-fv", "unmapped"], name="API client CA"),
            make_test_ca(root / "rogue", ["hr-fv"], name="Rogue CA"))


@pytest.fixture(scope="module")
def tls_api(tmp_path_factory: pytest.TempPathFactory, cas: tuple[CaFiles, CaFiles]) -> Iterator[Running]:
    trusted, _rogue = cas
    options = tls_options(str(trusted.server_cert), str(trusted.server_key), str(trusted.ca_cert))
    with running_api(tmp_path_factory.mktemp("tls"), tls=options, tls_clients=True) as running:
        der = x509.load_pem_x509_certificate(trusted.clients["hr-fv"][0].read_bytes()).public_bytes(
            serialization.Encoding.DER)
        running.store.add("hr-cert", ["personalakte:*"], cert_sha256=hashlib.sha256(der).hexdigest())
        subject = x509.load_pem_x509_certificate(trusted.clients["umwelt-fv"][0].read_bytes()).subject
        running.store.add("umwelt-cert", ["umwelt-genehmigung:*"], cert_subject=subject.rfc4514_string())
        yield running
        for client in _opened:  # keep-alive connections would hold the graceful shutdown
            client.close()


_opened: list[httpx.Client] = []


def _client(api: Running, ca: CaFiles, party: str | None, verify_ca: Path, **headers: str) -> httpx.Client:
    context = ssl.create_default_context(cafile=str(verify_ca))
    if party is not None:
        cert, key = ca.clients[party]
        context.load_cert_chain(str(cert), str(key))
    client = httpx.Client(base_url=api.url, verify=context, headers=headers, timeout=30)
    _opened.append(client)
    return client


def test_client_certificates_map_to_clients_by_fingerprint_and_subject(tls_api: Running,
                                                                       cas: tuple[CaFiles, CaFiles]) -> None:
    """hr-fv (by fingerprint) may create a Personalakte but not an Umwelt Akte; umwelt-fv (by subject) the reverse."""
    trusted, _ = cas
    hr = _client(tls_api, trusted, "hr-fv", trusted.ca_cert)
    made = hr.post("/akten", json={"klasse": "personalakte", "betreff": "Per Zertifikat"})
    assert made.status_code == 201, made.text
    assert hr.post("/akten", json={"klasse": "umwelt-genehmigung", "betreff": "x"}).status_code == 403
    umwelt = _client(tls_api, trusted, "umwelt-fv", trusted.ca_cert)
    assert umwelt.get(f"/akten/{made.json()['aktenzeichen']}").status_code == 403
    assert umwelt.post("/akten", json={"klasse": "umwelt-genehmigung", "betreff": "y"}).status_code == 201


def test_unmapped_untrusted_and_missing_certificates(tls_api: Running, cas: tuple[CaFiles, CaFiles]) -> None:
    """An unmapped certificate is 401; a certificate of another CA fails the handshake; a token still works."""
    trusted, rogue = cas
    assert _client(tls_api, trusted, "unmapped", trusted.ca_cert).get("/akten/x").status_code == 401
    with pytest.raises(httpx.TransportError):
        _client(tls_api, rogue, "hr-fv", trusted.ca_cert).get("/akten/x")
    bare = _client(tls_api, trusted, None, trusted.ca_cert)
    assert bare.get("/akten/x").status_code == 401
    token = {"Authorization": f"Bearer {tls_api.tokens['hr']}"}
    assert bare.get("/akten/11.02-2026-00000", headers=token).status_code == 404  # authenticated, no such Akte
    tls_api.store.revoke("hr-cert")
    assert _client(tls_api, trusted, "hr-fv", trusted.ca_cert).get("/akten/x").status_code == 401


def test_health_probe_speaks_tls_pinned_to_the_served_certificate(tls_api: Running,
                                                                 cas: tuple[CaFiles, CaFiles]) -> None:
    """`egov-adapter health` (the image's HEALTHCHECK) probes HTTPS when serve terminates TLS, trusting exactly the
    served certificate; another certificate, or plain HTTP, fails with exit 3 (issue 17, 8)."""
    trusted, rogue = cas
    port = int(tls_api.url.rsplit(":", 1)[1])

    def probe(cert: Path | None) -> int:
        settings = load_settings({}, data_dir=tls_api.adapter.settings.data_dir, api_port=port, api_tls_cert=cert)
        result = CliRunner().invoke(cli_app(), ["health"], obj=settings)
        if isinstance(result.exception, AdapterError):  # what `run` turns into the exit code
            return exit_code_for(result.exception)
        return result.exit_code

    assert probe(trusted.server_cert) == 0
    assert probe(rogue.server_cert) == 3
    assert probe(None) == 3
