"""The Browser binding's transport: the shared ``HttpTransport`` reading JSON error bodies (§5.2.9), and a
lean path for the JSON exchanges that make up a filing.

``exchange`` sends one request whose answer is JSON straight through the urllib3 connection pool that
the requests session's adapter holds for the DMS's origin: the same pool, the same TLS settings
(verification on, the CA bundle and client certificate of ``DmsConnection``), the same headers
(authentication, User-Agent) and the same cookie jar, but without requests' per-request machinery
(settings merged from the environment, hooks, the URL parsed and re-encoded twice, header
validation), which cost more CPU than the rest of a filing. No retries here either: the retry policy
runs at the edge, around the connector's idempotent calls. Errors are translated exactly as
``HttpTransport.send`` translates them: urllib3's exception is named as the requests exception it
would have become and goes through the same ``request_failed``; error answers through
``dms.errors.translate``. A proxied session, or an origin whose adapter is not requests' own, takes
the requests path; so does a redirect, which requests follows.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any, TypeGuard, cast
from urllib.parse import urlencode

import requests
import structlog
from requests.adapters import HTTPAdapter
from requests.cookies import extract_cookies_to_jar, get_cookie_header
from urllib3 import BaseHTTPResponse, HTTPConnectionPool, Timeout
from urllib3 import exceptions as u3
from urllib3.util.retry import Retry

from adapter.dms._transport import HttpTransport, request_failed
from adapter.dms.errors import translate
from adapter.dms.http import DmsConnection
from adapter.dms.multipart import StreamedBody

__all__ = ["Body", "Transport"]

log = structlog.get_logger(__name__)

#: a request body: form bytes, or a large file streamed with its length known in advance
Body = bytes | StreamedBody

#: urllib3's errors as requests would have raised them (first match), for ``request_failed``
_AS_REQUESTS: tuple[tuple[type[Exception], type[requests.RequestException]], ...] = (
    (u3.NewConnectionError, requests.ConnectionError),  # never sent (before ConnectTimeoutError: a subclass)
    (u3.ConnectTimeoutError, requests.ConnectTimeout),
    (u3.SSLError, requests.exceptions.SSLError),
    (u3.ReadTimeoutError, requests.ReadTimeout),
)
_NO_RETRIES = Retry(total=False, redirect=False)  # errors surface as raised; nothing is repeated here
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class _Origin:
    """What every request to one scheme://host:port shares: requests' pool for it and the headers."""

    pool: HTTPConnectionPool
    headers: Mapping[str, str]


class Transport(HttpTransport):
    def __init__(self, session: requests.Session, conn: DmsConnection) -> None:
        super().__init__(session, conn, _error_body)
        self._timeout = Timeout(connect=conn.connect_timeout, read=conn.read_timeout)
        self._origins: dict[str, _Origin | None] = {}
        self._lock = threading.Lock()

    def exchange(self, method: str, url: str, operation: str, *, params: Mapping[str, str] | None = None,
                 body: Body | None = None, content_type: str | None = None, raw: bool = False) -> Any:
        """One request answered with JSON: the decoded answer (None when the body is empty), or with
        ``raw`` the answer's bytes as they came (errors are translated all the same)."""
        scheme, _, rest = url.partition("://")
        host, slash, path = rest.partition("/")
        origin_url = f"{scheme}://{host}"
        origin = self._origins[origin_url] if origin_url in self._origins else self._origin(origin_url)
        if origin is None or self.session.hooks["response"]:
            return self._via_requests(method, url, operation, params, body, content_type, raw)
        target = slash + path
        if params:
            target += ("&" if "?" in target else "?") + urlencode(params)
        headers = dict(origin.headers)
        if body is not None:
            headers["Content-Type"] = content_type or "application/octet-stream"
            headers["Content-Length"] = str(len(body))
        if self.session.cookies:
            cookie = get_cookie_header(self.session.cookies, _prepared(method, origin_url + target, headers))
            if cookie:
                headers["Cookie"] = cookie
        self.requests += 1
        try:
            response = self._urlopen(origin_url, origin, method, target, body, headers)
        except (u3.HTTPError, OSError) as exc:
            raise request_failed(_as_requests(exc), operation) from exc
        if response.headers.get("Set-Cookie"):
            extract_cookies_to_jar(self.session.cookies, _prepared(method, origin_url + target, headers), response)
        status, data = response.status, response.data
        if status in _REDIRECTS and not isinstance(body, StreamedBody) and response.headers.get("Location"):
            return self._via_requests(method, url, operation, params, body, content_type, raw)
        if status >= 400:
            exception, message = _error_fields(response.headers.get("Content-Type", ""), data)
            error = translate(status, exception, message, operation)
            log.debug("dms.refused", operation=operation, status=status, dms_exception=exception or "",
                      error=error.code)
            raise error
        if raw:
            return data
        return json.loads(data) if data else None

    def _urlopen(self, origin_url: str, origin: _Origin, method: str, target: str, body: Body | None,
                 headers: dict[str, str]) -> BaseHTTPResponse:
        for _ in range(2):
            try:
                return origin.pool.urlopen(method, target, body=cast("IO[bytes] | bytes | None", body),
                                           headers=headers, retries=_NO_RETRIES,
                                           redirect=False, assert_same_host=False, timeout=self._timeout,
                                           preload_content=True, decode_content=True)
            except u3.ClosedPoolError:  # requests' pool manager dropped this pool: nothing was sent
                with self._lock:
                    self._origins.pop(origin_url, None)
                fresh = self._origin(origin_url)
                if fresh is None:
                    raise
                origin = fresh
        raise u3.ClosedPoolError(origin.pool, "the connection pool was closed twice")

    def _origin(self, origin_url: str) -> _Origin | None:
        """requests' pool and headers for ``origin_url`` (None: this session needs the requests path)."""
        with self._lock:
            if origin_url in self._origins:
                return self._origins[origin_url]
            session = self.session
            adapter = session.get_adapter(origin_url)
            found: _Origin | None = None
            if _plain(adapter) and not session.proxies and not session.trust_env:
                prepared = session.prepare_request(requests.Request("GET", origin_url + "/"))
                pool = adapter.get_connection_with_tls_context(prepared, session.verify, None, session.cert)
                adapter.cert_verify(pool, origin_url, session.verify, session.cert)
                headers = {k: v if isinstance(v, str) else v.decode("latin-1")
                           for k, v in prepared.headers.items() if k.lower() != "cookie"}
                found = _Origin(pool, headers)
            self._origins[origin_url] = found
            return found

    def _via_requests(self, method: str, url: str, operation: str, params: Mapping[str, str] | None,
                      body: Body | None, content_type: str | None, raw: bool = False) -> Any:
        headers = {"Content-Type": content_type} if content_type else None
        response = self.send(method, url, operation, params=dict(params) if params else None, data=body,
                             headers=headers)
        if raw:
            return response.content
        return response.json() if response.content else None


def _prepared(method: str, url: str, headers: Mapping[str, str]) -> requests.PreparedRequest:
    """The request as requests' cookie helpers want to see it."""
    prepared = requests.PreparedRequest()
    prepared.prepare_method(method)
    prepared.url = url
    prepared.prepare_headers(headers)
    return prepared


def _as_requests(exc: Exception) -> requests.ConnectionError | requests.Timeout:
    for raised, named in _AS_REQUESTS:
        if isinstance(exc, raised):
            return named(exc)  # type: ignore[return-value]
    return requests.ConnectionError(exc)


def _error_fields(content_type: str, data: bytes) -> tuple[str | None, str | None]:
    """(exception, message) of a CMIS JSON error body; (None, None) when the body says nothing."""
    if "json" not in content_type:
        return None, None
    try:
        body = json.loads(data)
    except ValueError:
        return None, None
    if not isinstance(body, dict):
        return None, None
    return (str(body["exception"]) if "exception" in body else None,
            str(body["message"])[:500] if "message" in body else None)


def _error_body(response: requests.Response) -> tuple[str | None, str | None]:
    return _error_fields(response.headers.get("Content-Type", ""), response.content)


def _plain(adapter: object) -> TypeGuard[HTTPAdapter]:
    """requests' own adapter, or one (ours: 1 MiB send blocks) that changes how pools are made, not how it sends."""
    if not isinstance(adapter, HTTPAdapter):
        return False
    kind = type(adapter)
    return (kind.send is HTTPAdapter.send
            and kind.get_connection_with_tls_context is HTTPAdapter.get_connection_with_tls_context)
