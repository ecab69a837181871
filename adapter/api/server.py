"""Running the API on uvicorn: graceful shutdown that drains requests in flight (uploads included).

On SIGTERM/SIGINT the server stops accepting connections, marks itself not ready and waits up to
``shutdown_grace_seconds`` for running requests to finish before it returns; only then does the
caller close the adapter (DMS sessions, the embedded sandbox); the process then exits 0.
"""

from __future__ import annotations

import socket
import threading
from types import FrameType
from typing import Any

import structlog
import uvicorn

from adapter.api.app import create_app
from adapter.api.clients import ClientStore
from adapter.api.settings import ApiSettings
from adapter.graph import Adapter, Tenants
from adapter.worker.runner import Worker

__all__ = ["ApiServer", "server_for"]

log = structlog.get_logger(__name__)


class ApiServer(uvicorn.Server):
    """uvicorn's server, telling the app when draining starts (readiness turns 503).

    ``handle_exit`` runs as a signal handler, between any two bytecodes of the main thread: it only sets
    flags. Logging there could deadlock, since the signal may arrive while the main thread holds the log's
    write lock (writing a request's access line, say). The draining is logged by ``shutdown``, on the event
    loop."""

    def __init__(self, config: uvicorn.Config, draining: threading.Event) -> None:
        super().__init__(config)
        self.draining = draining
        self._signal: int | None = None

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self._signal = sig if self._signal is None else self._signal
        self.draining.set()
        super().handle_exit(sig, frame)
        # uvicorn re-raises the signal when run() ends, which would kill the process before the
        # caller closes the adapter; the shutdown is already graceful, so the process exits 0
        self._captured_signals.clear()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        log.info("api.draining", signal=self._signal)
        await super().shutdown(sockets)

    def stop(self) -> None:
        """Begin a graceful shutdown from another thread (as a signal would)."""
        self.draining.set()
        self.should_exit = True


def server_for(adapter: Adapter, settings: ApiSettings, host: str, port: int,
               clients: ClientStore | None = None, worker: Worker | None = None,
               tls: dict[str, Any] | None = None, tenants: Tenants | None = None) -> ApiServer:
    """``tls``: ``adapter.api.tls.tls_options(...)`` when the server terminates TLS itself; ``tenants``: every
    tenant's graph (``adapter`` is then the default tenant's)."""
    app = create_app(adapter, settings, clients=clients, worker=worker, tenants=tenants)
    config = uvicorn.Config(app, host=host, port=port, log_config=None, access_log=False, lifespan="off",
                            server_header=False, proxy_headers=False,
                            timeout_graceful_shutdown=int(settings.shutdown_grace_seconds), **(tls or {}))
    return ApiServer(config, app.state.api.draining)
