"""The Browser connector's lean JSON path (urllib3 under requests' own pool) against the sandbox over real
HTTP(S): TLS as configured, cookies, redirects and lost answers behave as they did through requests."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from dms_helpers import set_faults
from egov_sandbox.server import SandboxServer
from egov_sandbox.xta.testca import CaFiles, make_test_ca
from werkzeug.serving import make_server

from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.http import DmsConnection, RetryPolicy
from adapter.domain.errors import OutcomeUnknown, TransientDmsError

ONCE = RetryPolicy(attempts=1, total_seconds=5, initial_wait=0.01, max_wait=0.01)
Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@contextmanager
def serving(app: Wsgi, ssl_context: ssl.SSLContext | None = None) -> Iterator[str]:
    """``app`` on a loopback port of its own (HTTPS with ``ssl_context``): its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, ssl_context=ssl_context)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"{'https' if ssl_context else 'http'}://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _tls(ca: CaFiles) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(ca.ca_cert))
    context.load_cert_chain(str(ca.server_cert), str(ca.server_key))
    context.verify_mode = ssl.CERT_REQUIRED  # a client without our client certificate is turned away
    return context


@pytest.fixture
def no_session_send(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every request that goes through ``requests.Session.send`` (the lean path sends none)."""
    sent: list[str] = []
    original = requests.Session.send

    def send(self: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        sent.append(str(request.url))
        return original(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", send)
    return sent


def test_https_verifies_the_server_by_the_configured_ca_and_presents_the_client_certificate(
        sandbox: SandboxServer, tmp_path: Path, no_session_send: list[str]) -> None:
    """Over HTTPS the lean path checks the server against ``ca_bundle`` and sends the client certificate."""
    ca = make_test_ca(tmp_path / "ca", ["adapter"], name="DMS test CA")
    cert, key = ca.clients["adapter"]
    with serving(sandbox.app, _tls(ca)) as base:
        dms = BrowserConnector(DmsConnection(f"{base}/cmis/browser", user="admin", password="admin",
                                             ca_bundle=ca.ca_cert, client_cert=cert, client_key=key), retry=ONCE)
        root = dms.get_by_path("/")
        assert root is not None and root.is_folder
        assert no_session_send == []  # repository info and the read went the lean way


def test_https_refuses_a_server_certificate_of_an_unknown_ca(sandbox: SandboxServer, tmp_path: Path) -> None:
    """Without the DMS's CA in the bundle the TLS handshake fails: TransientDmsError, nothing is read."""
    ca = make_test_ca(tmp_path / "ca", ["adapter"], name="DMS test CA")
    cert, key = ca.clients["adapter"]
    with serving(sandbox.app, _tls(ca)) as base:
        dms = BrowserConnector(DmsConnection(f"{base}/cmis/browser", user="admin", password="admin",
                                             client_cert=cert, client_key=key), retry=ONCE)
        with pytest.raises(TransientDmsError) as raised:
            dms.get_by_path("/")
        assert not isinstance(raised.value, OutcomeUnknown)  # nothing reached the DMS


def test_cookies_set_by_the_dms_are_sent_back(sandbox: SandboxServer, no_session_send: list[str]) -> None:
    """A cookie the DMS sets (a load balancer's session cookie) comes back on the next requests, as with requests."""
    seen: list[str | None] = []

    def sticky(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        seen.append(environ.get("HTTP_COOKIE"))

        def start(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            return start_response(status, [*headers, ("Set-Cookie", "ROUTE=node-2; Path=/")], *exc)

        return sandbox.app(environ, start)

    with serving(sticky) as base:
        dms = BrowserConnector(DmsConnection(f"{base}/cmis/browser", user="admin", password="admin"), retry=ONCE)
        dms.get_by_path("/")
        dms.get_by_path("/")
    assert seen[0] is None and seen[1:] == ["ROUTE=node-2", "ROUTE=node-2"]
    assert no_session_send == []


def test_a_redirect_is_followed_as_requests_follows_it(sandbox: SandboxServer) -> None:
    """A DMS that answers a request with a redirect is followed there (by requests, as before)."""

    def moved(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ["PATH_INFO"].startswith("/alt/"):
            start_response("308 Permanent Redirect", [("Location", "/cmis/" + environ["PATH_INFO"][5:]),
                                                      ("Content-Length", "0")])
            return [b""]
        return sandbox.app(environ, start_response)

    with serving(moved) as base:
        dms = BrowserConnector(DmsConnection(f"{base}/alt/browser", user="admin", password="admin"), retry=ONCE)
        root = dms.get_by_path("/")
    assert root is not None and root.is_folder


def test_a_read_without_an_answer_in_time_is_outcome_unknown(sandbox: SandboxServer) -> None:
    """A read timeout on the lean path is OutcomeUnknown (the request may have been processed)."""
    dms = BrowserConnector(DmsConnection(sandbox.urls.browser, user="admin", password="admin", read_timeout=0.2),
                           retry=ONCE)
    dms.get_by_path("/")  # repository info read before the fault
    set_faults(sandbox, {"kind": "latency", "ms": 600, "match": ["GET object"]})
    with pytest.raises(OutcomeUnknown):
        dms.get_by_path("/")


def test_a_proxied_session_keeps_to_requests(sandbox: SandboxServer, no_session_send: list[str]) -> None:
    """With a proxy configured every request goes through requests (its proxy handling), none the lean way."""
    with serving(_forward_proxy(sandbox.app)) as proxy:
        dms = BrowserConnector(DmsConnection(sandbox.urls.browser, user="admin", password="admin", proxy=proxy),
                               retry=ONCE)
        assert dms.get_by_path("/") is not None
    assert len(no_session_send) == 2  # repository info, then the object


def _forward_proxy(app: Wsgi) -> Wsgi:
    """A plain-HTTP forward proxy in front of ``app`` (the request line carries the absolute URL)."""

    def proxy(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        uri = environ.get("REQUEST_URI") or environ.get("RAW_URI") or environ["PATH_INFO"]
        assert uri.startswith("http://"), uri  # a proxied request names the whole URL
        return app(environ, start_response)

    return proxy
