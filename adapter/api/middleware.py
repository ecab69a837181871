"""The outermost layer (plain ASGI): correlation id, access log, metrics, secure headers, body limits.

``X-Request-ID`` is taken from the request when it is a sane token, else generated, bound to the
structlog context of the request and returned. One JSON access-log event per request carries the
route template (not the raw path), status, duration and client name. An exception that escapes
the app is logged with its trace and answered with a bare 500 problem; a client that disconnected
in the middle of its request (an aborted upload) is logged as status 499, without a trace (its
locals would hold the body's bytes) and without an answer. What a dependency enters for the request
(``request_scoped``: the tenant's graph) is left here, after the answer has been sent.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from typing import Any, TypeVar

import structlog
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapter.api.metrics import ApiMetrics
from adapter.api.problems import PROBLEMS, TYPE_BASE, ApiProblem

__all__ = ["ApiMiddleware", "request_scoped"]

T = TypeVar("T")

log = structlog.get_logger("adapter.api.access")

_REQUEST_ID = re.compile(r"^[\w.:-]{1,64}$")
_DOCS = ("/docs", "/redoc", "/docs/oauth2-redirect")
_DOC_ASSETS = "/docs/assets/"
_SECURE = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"no-referrer"), (b"cross-origin-resource-policy", b"same-origin"),
           (b"strict-transport-security", b"max-age=31536000")]
_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
# the documentation pages load only from this host (ReDoc's footer would fetch a logo from its vendor's CDN)
_DOCS_CSP = (b"content-security-policy", b"default-src 'self'; script-src 'self' 'unsafe-inline'; "
             b"style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
             b"worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'")


class ApiMiddleware:
    def __init__(self, app: ASGIApp, *, metrics: ApiMetrics, max_body: int, max_upload: int,
                 is_upload: Callable[[str, str], bool], ignored: Collection[str] = ()) -> None:
        self.app, self.metrics, self.max_body, self.max_upload = app, metrics, max_body, max_upload
        self.is_upload, self.ignored = is_upload, ignored

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        given = headers.get("x-request-id", "")
        request_id = given if _REQUEST_ID.match(given) else str(uuid.uuid4())
        method, path = scope["method"], scope["path"]
        limit = self.max_upload if self.is_upload(method, path) else self.max_body
        status, started, start = 500, False, time.perf_counter()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        self.metrics.in_flight.inc()
        exits: list[Callable[..., Any]] = []
        scope[_EXITS] = exits

        async def send_with_headers(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                extra = [(b"x-request-id", request_id.encode()), *_SECURE]
                present = {k.lower() for k, _v in message.get("headers", [])}
                if path in _DOCS:
                    extra.append(_DOCS_CSP)
                elif not path.startswith(_DOC_ASSETS) and b"content-security-policy" not in present:
                    extra.append(_CSP)  # a page with its own policy (the console) keeps it
                if b"cache-control" not in present:
                    extra.append((b"cache-control", b"no-store"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise ApiProblem("payload-too-large", f"the request body is larger than {limit} bytes")
            return message

        try:
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                await _problem(send_with_headers, "payload-too-large", f"the request body is larger than {limit} bytes")
            else:
                await self.app(scope, counted_receive, send_with_headers)
        except ClientDisconnect:  # the client went away (an aborted upload): nobody to answer, nothing to trace
            status = 499
        except Exception:
            log.exception("api.unhandled_error", method=method, route=_route(scope))
            if not started:
                await _problem(send_with_headers, "internal", None)
        finally:
            _leave(exits)
            self.metrics.in_flight.dec()
            route, elapsed = _route(scope), time.perf_counter() - start
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(elapsed)
            if path not in self.ignored:
                state: dict[str, Any] = scope.get("state") or {}
                log.info("api.request", method=method, route=route, status=status,
                         duration_ms=round(elapsed * 1000, 1), client=state.get("client"), tenant=state.get("tenant"),
                         bytes_in=received)
            structlog.contextvars.unbind_contextvars("request_id")


def _leave(exits: list[Callable[..., Any]]) -> None:
    """Leave what ``request_scoped`` entered, last first; each is left even when another fails to leave."""
    while exits:
        leave = exits.pop()
        try:
            leave(None, None, None)
        except Exception:
            log.exception("api.request_scope_exit_failed")


def _route(scope: Scope) -> str:
    route = scope.get("route")
    return str(getattr(route, "path", "unmatched"))


async def _problem(send: Send, slug: str, detail: str | None) -> None:
    status, title = PROBLEMS[slug]
    body: dict[str, Any] = {"type": TYPE_BASE + slug, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/problem+json"),
                            (b"content-length", str(len(data)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": data})


#: the scope key under which ``ApiMiddleware`` keeps what ``request_scoped`` entered for the request
_EXITS = "egov.request_exits"


def request_scoped(scope: Scope, manager: AbstractContextManager[T]) -> T:
    """Enter ``manager`` for the rest of the request: ``ApiMiddleware`` leaves it (and any other so entered, last
    first) once the answer has been sent or the request has failed. Only inside ``ApiMiddleware``."""
    exits: list[Callable[..., Any]] | None = scope.get(_EXITS)
    if exits is None:
        raise RuntimeError("request_scoped needs ApiMiddleware around the app")
    value = manager.__enter__()
    exits.append(manager.__exit__)
    return value
