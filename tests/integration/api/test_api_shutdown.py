"""ApiServer on a socket: the draining is logged by its shutdown, on the event loop, with the first signal."""

from __future__ import annotations

import signal
import threading
import time

import uvicorn
from starlette.types import Receive, Scope, Send
from structlog.testing import capture_logs

from adapter.api.server import ApiServer


async def _app(scope: Scope, receive: Receive, send: Send) -> None:
    raise AssertionError("no request is made")


def test_the_draining_is_logged_by_the_shutdown_with_the_first_signal() -> None:
    server = ApiServer(uvicorn.Config(_app, host="127.0.0.1", port=0, log_config=None, lifespan="off"),
                       threading.Event())
    with capture_logs() as logs:
        thread = threading.Thread(target=server.run)  # not the main thread: uvicorn installs no handlers
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.started
        server.handle_exit(signal.SIGTERM, None)
        server.handle_exit(signal.SIGINT, None)
        thread.join(10)
    assert not thread.is_alive()
    assert [(e["event"], e.get("signal")) for e in logs if e["event"] == "api.draining"] == [
        ("api.draining", signal.SIGTERM)]
