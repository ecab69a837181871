"""The DMS session's connection settings: auth, TLS and proxy as configured (no request is sent)."""

from __future__ import annotations

from pathlib import Path

import requests

from adapter.dms.http import SEND_BLOCK, DmsConnection, build_session


def _prepared(session: requests.Session) -> requests.PreparedRequest:
    return session.prepare_request(requests.Request("GET", "https://dms.example/cmis/browser"))


def test_basic_credentials_are_used() -> None:
    """User and password become HTTP Basic."""
    session = build_session(DmsConnection("https://dms.example", user="svc", password="geheim"))
    assert _prepared(session).headers["Authorization"].startswith("Basic ")


def test_a_bearer_token_replaces_basic() -> None:
    """A token is sent as 'Authorization: Bearer …' and no Basic credentials are set."""
    session = build_session(DmsConnection("https://dms.example", token="t0k3n"))
    assert _prepared(session).headers["Authorization"] == "Bearer t0k3n"


def test_tls_is_verified_with_a_custom_ca_and_client_certificate(tmp_path: Path) -> None:
    """A CA bundle replaces the system CAs (verification stays on); a client certificate is presented."""
    conn = DmsConnection("https://dms.example", ca_bundle=tmp_path / "ca.pem", client_cert=tmp_path / "c.pem",
                         client_key=tmp_path / "k.pem", proxy="http://proxy.local:3128")
    session = build_session(conn)
    assert session.verify == str(tmp_path / "ca.pem")
    assert session.cert == (str(tmp_path / "c.pem"), str(tmp_path / "k.pem"))
    assert session.proxies == {"http": "http://proxy.local:3128", "https": "http://proxy.local:3128"}
    plain = build_session(DmsConnection("https://dms.example"))
    assert plain.verify is True and plain.trust_env is False  # nothing from the environment


def test_credentials_never_appear_in_the_connection_repr() -> None:
    """repr() of a connection (as it may end up in a log) shows no password or token."""
    text = repr(DmsConnection("https://dms.example", user="svc", password="geheim", token=None))
    assert "geheim" not in text


def test_streamed_bodies_are_sent_in_large_blocks() -> None:
    """Connections of the session (direct and through a proxy) send a file-like body in 1 MiB blocks, not
    urllib3's 16 KiB (a 1 GiB upload was 65,536 reads and sendall calls)."""
    session = build_session(DmsConnection("http://dms.example", proxy="http://proxy.example:3128"))
    adapter = session.get_adapter("http://dms.example")
    direct = adapter.poolmanager.connection_from_url("http://dms.example/cmis")
    proxied = adapter.proxy_manager_for("http://proxy.example:3128").connection_from_url("http://dms.example/cmis")
    for pool in (direct, proxied):
        assert pool._new_conn().blocksize == SEND_BLOCK == 1024 * 1024  # no socket is opened yet
