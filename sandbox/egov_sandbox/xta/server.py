"""The XTA test peer over real TLS on loopback: client certificates required, checked against a CA."""

from __future__ import annotations

import ssl
import threading
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from egov_sandbox.server import STOP_POLL_SECONDS
from egov_sandbox.xta._soap import Wsdl
from egov_sandbox.xta.app import Validate, XtaPeerApp
from egov_sandbox.xta.mailbox import Mailboxes
from egov_sandbox.xta.testca import CaFiles

__all__ = ["XtaPeer"]


class _QuietHandler(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one TLS handshake per client connection, as real servers

    def log_request(self, *_args: object, **_kwargs: object) -> None:
        """Requests are counted and captured by the app; no access log on stderr."""


class XtaPeer:
    """``with XtaPeer(...) as peer: peer.base_url`` — a threaded HTTPS server in the background."""

    def __init__(self, xta_folder: Path, ca: CaFiles, parties: list[str], store: Path, *,
                 validate: Validate | None = None, mtom: bool = True, host: str = "127.0.0.1", port: int = 0) -> None:
        self.boxes = Mailboxes(parties, store)
        self.app = XtaPeerApp(Wsdl(xta_folder), self.boxes, validate, mtom)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(ca.ca_cert))
        context.load_cert_chain(str(ca.server_cert), str(ca.server_key))
        context.verify_mode = ssl.CERT_REQUIRED
        self._server: BaseWSGIServer = make_server(host, port, self.app, threaded=True, ssl_context=context,
                                                      request_handler=_QuietHandler)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"https://{host!s}:{port}"

    def start(self) -> XtaPeer:
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": STOP_POLL_SECONDS},
                                        name="xta-peer", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> XtaPeer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
