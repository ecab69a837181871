"""ApiServer's signal handler only sets flags; the draining is logged on the event loop (see
tests/integration/api/test_api_shutdown.py)."""

from __future__ import annotations

import signal
import threading

import uvicorn
from starlette.types import Receive, Scope, Send
from structlog.testing import capture_logs

from adapter.api.server import ApiServer


async def _app(scope: Scope, receive: Receive, send: Send) -> None:
    raise AssertionError("no request is made")


def _server() -> ApiServer:
    config = uvicorn.Config(_app, host="127.0.0.1", port=0, log_config=None, lifespan="off")
    return ApiServer(config, threading.Event())


def test_the_signal_handler_only_sets_flags() -> None:
    """A signal can arrive while the main thread holds the log's (non-reentrant) write lock, writing an access
    line: a handler that logged would wait for that lock forever, and the server would never stop."""
    server = _server()
    with capture_logs() as logs:
        server.handle_exit(signal.SIGTERM, None)
    assert logs == []
    assert server.should_exit and server.draining.is_set()
    assert server._captured_signals == []  # uvicorn must not re-raise it: the caller closes the adapter first
