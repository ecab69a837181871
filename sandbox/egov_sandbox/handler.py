"""The sandbox's HTTP/1.1 request handler: persistent connections, and a connection cut on purpose.

Werkzeug's development handler closes every connection after one response (``Connection: close``)
and then drains the socket for 10 ms, which would swallow a kept-alive client's next request.
A real DMS keeps connections open, and clients (cmislib's session, our connectors) reuse them, so
the sandbox does too: ``KeepAliveHandler.run_wsgi`` answers with ``Content-Length`` or chunked
bodies and keeps the connection when the request body was read to its end (what the app left
unread is drained up to ``DRAIN_LIMIT`` bytes, else the connection closes). A connection idle for
``IDLE_SECONDS`` is closed. When the app raises ``AbortConnection`` the handler resets the TCP
connection (SO_LINGER 0), so the client sees a reset and no response at all.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import socket
import struct
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

import structlog
from werkzeug.serving import DechunkedInput, WSGIRequestHandler

from egov_sandbox.faults import AbortConnection

__all__ = ["DRAIN_LIMIT", "IDLE_SECONDS", "KeepAliveHandler"]

log = structlog.get_logger(__name__)

#: unread request bytes the handler reads and discards (so a refused upload still sees its answer)
DRAIN_LIMIT = 10 * 1024**3
#: a kept-alive connection with no new request for this long is closed
IDLE_SECONDS = 60.0


class _Body:
    """The request body of a ``Content-Length`` request: never reads past its end."""

    def __init__(self, stream: io.BufferedIOBase, length: int) -> None:
        self._stream = stream
        self.left = length

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        want = self.left if size is None or size < 0 else min(size, self.left)
        data = self._stream.read(want)
        self.left -= len(data)
        if not data:
            self.left = 0
        return data

    def readline(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        want = self.left if size is None or size < 0 else min(size, self.left)
        data = self._stream.readline(want)
        self.left -= len(data)
        return data

    def __iter__(self) -> Any:
        return iter(self.readline, b"")

    def drained(self) -> bool:
        """Read what the app left unread (up to ``DRAIN_LIMIT``); whether the body ended cleanly."""
        if self.left > DRAIN_LIMIT:
            return False
        while self.left > 0:
            if not self.read(min(self.left, 64 * 1024)):
                return False
        return True


class _EmptyHeaders:
    """What ``BaseHTTPRequestHandler.parse_request`` reads as headers once ``KeepAliveHandler`` has read them."""

    @staticmethod
    def readline(_size: int = -1) -> bytes:
        return b"\r\n"


_NO_HEADERS = _EmptyHeaders()


def _read_headers(stream: Any) -> http.client.HTTPMessage:
    """The header block up to its blank line, as ``http.client.parse_headers`` would give it. A line that is
    not a header raises ``ValueError`` once the block has been read to its end (the client then reads the
    400 rather than a reset of a connection closed with its bytes unread)."""
    message = http.client.HTTPMessage()
    lines = 0
    name: str | None = None
    value = ""
    problem: str | None = None
    while True:
        line = stream.readline(_MAX_LINE + 1)
        if len(line) > _MAX_LINE:
            raise http.client.LineTooLong("header line")
        lines += 1
        if lines > _MAX_HEADERS:
            raise http.client.HTTPException(f"got more than {_MAX_HEADERS} headers")
        if line in (b"\r\n", b"\n", b""):
            break
        text = line.decode("iso-8859-1").rstrip("\r\n")
        if problem is not None:
            continue
        if not text:  # a line of bare carriage returns
            problem = "an empty header line"
            continue
        if text[0] in " \t":
            if name is None:
                problem = "a continuation line before the first header"
            value = value + " " + text.strip(" \t")
            continue
        if name is not None:
            message.set_raw(name, value)
        name, colon, rest = text.partition(":")
        if not colon or not name or name != name.strip():
            problem = f"not a header line: {text[:60]!r}"
        value = rest.strip(" \t")
    if problem is not None:
        raise ValueError(problem)
    if name is not None:
        message.set_raw(name, value)
    return message


_MAX_LINE = 65536  # http.client's own limits
_MAX_HEADERS = 100


class KeepAliveHandler(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS
    wbufsize = 64 * 1024  # the head and the first body bytes leave in one segment
    _head_sent = False

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no Nagle wait per response

    def handle(self) -> None:
        try:
            super().handle()
        except AbortConnection:
            self._reset()

    def parse_request(self) -> bool:
        """``BaseHTTPRequestHandler.parse_request`` with the header block read here, without the ``email``
        package's parser: that parser was a fifth of the sandbox's CPU per request (py-spy). The same limits
        (a line of 64 KiB, 100 headers, each refused with 431); an obsolete folded line continues the header
        before it, joined by a space (RFC 9112 5.2); a line that is not a header is refused with 400. The
        request line and what the headers decide (Connection, Expect) stay the standard library's."""
        rfile, self.rfile = self.rfile, _NO_HEADERS  # type: ignore[assignment]
        try:
            parsed = super().parse_request()  # the request line; the header block it reads is empty
        finally:
            self.rfile = rfile
        if not parsed:
            return False
        try:
            headers = _read_headers(self.rfile)
        except http.client.LineTooLong:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long")
            return False
        except http.client.HTTPException as exc:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers", str(exc))
            return False
        except ValueError as exc:
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad request header", str(exc))
            return False
        self.headers = headers
        connection = headers.get("Connection", "").lower()
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive" and self.protocol_version >= "HTTP/1.1":
            self.close_connection = False
        expect = headers.get("Expect", "").lower()
        if expect == "100-continue" and self.protocol_version >= "HTTP/1.1" and self.request_version >= "HTTP/1.1":
            return bool(self.handle_expect_100())
        return True

    def _reset(self) -> None:
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # it flushes what is still buffered: the client may be gone
            super().finish()

    def run_wsgi(self) -> None:
        if self.headers.get("Expect", "").lower().strip(" \t") == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        environ = self.make_environ()
        body: _Body | None = None
        if not environ.get("wsgi.input_terminated"):
            try:
                length = max(0, int(environ.get("CONTENT_LENGTH") or 0))
            except ValueError:
                length, self.close_connection = 0, True
            body = _Body(self.rfile, length)
            environ["wsgi.input"] = body
        if self.headers.get("Connection", "").lower() == "close" or self.request_version != "HTTP/1.1":
            self.close_connection = True
        self._head_sent = False
        try:
            self._respond(environ, body)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception:  # a sandbox bug: answer 500 where still possible, never hang the client
            log.exception("sandbox.handler_failed", path=environ.get("PATH_INFO"))
            self.close_connection = True
            if not self._head_sent:
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.flush()

    def _respond(self, environ: dict[str, Any], body: _Body | None) -> None:
        """Run the app and send its answer (``Content-Length`` as the app gives it, else chunked)."""
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            started[:] = [status, headers]
            return lambda data: None  # the legacy write() callable; our app never uses it

        result: Iterable[bytes] = self.server.app(environ, start_response)
        try:
            chunks = iter(result)
            first = next(chunks, b"")  # the app has called start_response by now
            self._finish_request_body(environ, body)
            status, headers = started
            chunked = self._send_head(environ, status, headers)
            try:
                self._write(first, chunked)
                for chunk in chunks:
                    self._write(chunk, chunked)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
            except Exception:
                self.close_connection = True  # a body cut short: the client must not reuse the connection
                raise
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

    def _finish_request_body(self, environ: dict[str, Any], body: _Body | None) -> None:
        if body is not None:
            if not body.drained():
                self.close_connection = True
        else:  # a chunked body: keep the connection only when it was read to its end
            stream = environ.get("wsgi.input")
            if isinstance(stream, DechunkedInput) and not getattr(stream, "_done", False):
                self.close_connection = True

    def _send_head(self, environ: dict[str, Any], status: str, headers: list[tuple[str, str]]) -> bool:
        code_text, _, reason = status.partition(" ")
        code = int(code_text)
        self._head_sent = True
        self.send_response(code, reason)
        names = set()
        for name, value in headers:
            if name.lower() == "connection":
                continue
            self.send_header(name, value)
            names.add(name.lower())
        bodyless = environ["REQUEST_METHOD"] == "HEAD" or code < 200 or code in (204, 304)
        chunked = not bodyless and "content-length" not in names
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        return chunked

    def _write(self, data: bytes, chunked: bool) -> None:
        if not data:
            return
        if chunked:
            self.wfile.write(b"%x\r\n" % len(data) + data + b"\r\n")
        else:
            self.wfile.write(data)
        self.wfile.flush()  # each piece the app yields goes out as it comes (slow bodies trickle)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Quiet: the request counter and structured logs say what happened."""

    def log_error(self, format: str, *args: object) -> None:
        log.warning("sandbox.http_error", detail=format % args)
