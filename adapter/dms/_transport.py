"""One HTTP exchange with a CMIS endpoint, translated into domain errors (shared by the bindings).

Connection failures become ``TransientDmsError`` when nothing reached the server (connect
refused or timed out) and ``OutcomeUnknown`` when the request may have been processed (a read
timeout or a connection cut after sending). Error responses go through ``dms.errors.translate``
with the exception name and message that the binding's ``error_body`` reads from the body.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests
import structlog

from adapter.dms.errors import translate
from adapter.dms.http import DmsConnection
from adapter.domain.errors import OutcomeUnknown, TransientDmsError

__all__ = ["ErrorBody", "HttpTransport", "request_failed"]

log = structlog.get_logger(__name__)

#: reads (exception name, message) from an error response; (None, None) when the body says nothing
ErrorBody = Callable[[requests.Response], tuple[str | None, str | None]]


class HttpTransport:
    def __init__(self, session: requests.Session, conn: DmsConnection, error_body: ErrorBody) -> None:
        self.session = session
        self.conn = conn
        self.error_body = error_body
        self.requests = 0  # round trips made (benchmarks and tests read it)

    def send(self, method: str, url: str, operation: str, *, params: Any = None, data: Any = None,
             headers: dict[str, str] | None = None, stream: bool = False) -> requests.Response:
        self.requests += 1
        try:
            response = self.session.request(method, url, params=params, data=data, headers=headers,
                                            stream=stream, timeout=self.conn.timeout)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise request_failed(exc, operation) from exc
        if response.status_code >= 400:
            exception, message = self.error_body(response)
            error = translate(response.status_code, exception, message, operation)
            log.debug("dms.refused", operation=operation, status=response.status_code,
                     dms_exception=exception or "", error=error.code)
            response.close()
            raise error
        return response


def request_failed(exc: requests.ConnectionError | requests.Timeout, operation: str) -> TransientDmsError:
    """The domain error for a request that got no answer: transient if it never reached the DMS,
    ``OutcomeUnknown`` if it may have been processed (read timeout, connection cut after sending)."""
    detail: dict[str, object] = {"operation": operation}
    if isinstance(exc, requests.ConnectTimeout | requests.exceptions.SSLError):
        return TransientDmsError(f"DMS not reachable for {operation}: {type(exc).__name__}", detail=detail)
    if isinstance(exc, requests.ConnectionError):
        if _never_sent(exc):
            return TransientDmsError(f"DMS not reachable for {operation}: connection refused", detail=detail)
        return OutcomeUnknown(f"connection lost during {operation}; the outcome is unknown", detail=detail)
    return OutcomeUnknown(f"no answer to {operation} in time; the outcome is unknown", detail=detail)


def _never_sent(exc: requests.ConnectionError) -> bool:
    text = repr(exc)
    return "NewConnectionError" in text or "Connection refused" in text or "Name or service" in text
