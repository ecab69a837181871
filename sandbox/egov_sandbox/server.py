"""The sandbox's HTTP server: Werkzeug's threaded WSGI server with our keep-alive handler.

``SandboxServer`` runs in a background thread (tests, the embedded default) or in the foreground
(``egov-adapter sandbox``). Connections persist like a real DMS's; ``handler.KeepAliveHandler``
also cuts a connection on purpose when a fault asks for it.
"""

from __future__ import annotations

import ipaddress
import threading
from dataclasses import dataclass
from pathlib import Path

import structlog
from werkzeug.serving import ThreadedWSGIServer

from egov_sandbox.app import SandboxApp
from egov_sandbox.auth import Users, parse_users
from egov_sandbox.faults import FaultInjector, FaultRule, RequestCounter
from egov_sandbox.handler import KeepAliveHandler
from egov_sandbox.personality import load_personality
from egov_sandbox.repo import AclAccess, Repository

__all__ = ["SandboxServer", "SandboxUrls", "default_cmis_dir", "is_loopback"]

log = structlog.get_logger(__name__)

#: how often the accept loop looks for a stop request (socketserver's default of 0.5 s made every
#: stop, one per test with a sandbox, wait half a second)
STOP_POLL_SECONDS = 0.02


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class SandboxUrls:
    base: str
    browser: str
    atom: str
    repository_id: str
    ws: str  # the Web Services binding: <ws>?wsdl, and <ws>/<Service> per service


def default_cmis_dir() -> Path:
    """The OASIS CMIS 1.1 files in ``shared/cmis/1.1`` beside the checkout (else ``../shared/cmis/1.1``)."""
    beside_checkout = Path(__file__).resolve().parents[2].parent / "shared" / "cmis" / "1.1"
    return beside_checkout if beside_checkout.is_dir() else Path("../shared/cmis/1.1")


class SandboxServer:
    """A sandbox repository served over HTTP on ``host:port`` (port 0 picks a free one)."""

    def __init__(self, data_dir: Path, *, host: str = "127.0.0.1", port: int = 0, profile: str = "generic",
                 users: Users | str | None = None, faults: list[FaultRule] | None = None,
                 seed: int | None = None, cmis_dir: Path | None = None) -> None:
        user_table = users if isinstance(users, Users) else parse_users(users)
        if user_table.is_default and not is_loopback(host):
            raise ValueError("with the default admin/admin user the sandbox listens on loopback only; "
                             "configure users (EGOV_SANDBOX_USERS) to bind to other addresses")
        self.repo = Repository(data_dir, load_personality(profile),
                               AclAccess(user_table.groups, user_table.passwords))
        self.faults = FaultInjector(faults, seed)
        self.counter = RequestCounter()
        self.app = SandboxApp(self.repo, user_table, self.faults, self.counter, cmis_dir or default_cmis_dir())
        self._server = ThreadedWSGIServer(host, port, self.app, handler=KeepAliveHandler)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_port)

    @property
    def personality_name(self) -> str:
        return self.repo.personality.name

    @property
    def data_dir(self) -> Path:
        return self.repo.data_dir

    @property
    def urls(self) -> SandboxUrls:
        host = self._server.host
        shown = f"[{host}]" if ":" in host else host
        base = f"http://{shown}:{self.port}"
        return SandboxUrls(base, f"{base}/cmis/browser", f"{base}/cmis/atom",
                           self.repo.personality.repository_id, f"{base}/cmis/ws")

    def start(self) -> SandboxServer:
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": STOP_POLL_SECONDS},
                                        name="sandbox-http", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever(poll_interval=STOP_POLL_SECONDS)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.repo.db.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
