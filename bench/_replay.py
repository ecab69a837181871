"""The floor of ``python -m bench filing``: the adapter's own createDocument request, replayed by the
plainest client there is.

One filing through the adapter is captured at the transport (method, URL, multipart body and its content
type, exactly as the Browser connector sends it); then each replay sends those bytes again over a kept-
alive ``http.client`` connection per thread, with the document's name made unique (a marker in the body
replaced by a counter of the same length, so the length stays). No mapping, no registry, no hashing, no
JSON decoding of the answer: what a filing costs this way is what the sandbox and the loopback cost, and
what any client of this sandbox on these cores pays at least. Its latency-bound fraction at 50 ms with 8
in flight is the most any adapter can reach here.
"""

from __future__ import annotations

import base64
import http.client
import itertools
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench._filers import AdapterFiler, payload

__all__ = ["Replay"]

MARK = "Replaymark 000000"


class Replay:
    def __init__(self, url: str, work: Path, document: bytes) -> None:
        filer = AdapterFiler(url, work)
        vorgang = filer.vorgang(filer.new_akte(f"Replay {time.monotonic_ns()}"), "Vorgang")
        transport = filer.dms.transport
        captured: list[tuple[str, str, dict[str, Any]]] = []
        original = transport.exchange

        def capture(method: str, target: str, operation: str, **kwargs: Any) -> Any:
            if operation == "createDocument":
                captured.append((method, target, kwargs))
            return original(method, target, operation, **kwargs)

        transport.exchange = capture
        try:
            filer.file(vorgang, MARK, payload(document))
        finally:
            transport.exchange = original
        method, target, kwargs = captured[0]
        body = kwargs["body"]
        if not isinstance(body, bytes) or MARK.encode() not in body:
            raise RuntimeError("the captured createDocument body is not one inline body naming the marker")
        parts = urlsplit(target)
        self.method, self.host, self.port = method, parts.hostname or "127.0.0.1", parts.port or 80
        self.path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.body = body
        credentials = base64.b64encode(f"{filer.dms.conn.user}:{filer.dms.conn.password}".encode()).decode()
        self.headers = {"Content-Type": kwargs["content_type"], "Authorization": f"Basic {credentials}"}
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self._local = threading.local()

    def file_one(self) -> Callable[[int], None]:
        """One replayed filing (the argument is ignored: names come from this replay's own counter)."""

        def send(_i: int) -> None:
            with self._lock:
                number = next(self._numbers)
            body = self.body.replace(MARK.encode(), f"Replaymark {number:06d}".encode())
            conn: http.client.HTTPConnection | None = getattr(self._local, "conn", None)
            if conn is None:
                conn = self._local.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            conn.request(self.method, self.path, body, self.headers)
            response = conn.getresponse()
            response.read()
            if response.status != 201:
                raise RuntimeError(f"a replayed filing was answered {response.status}")

        return send
