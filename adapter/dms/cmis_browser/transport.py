"""The Browser binding's transport: the shared ``HttpTransport`` reading JSON error bodies (§5.2.9)."""

from __future__ import annotations

import requests

from adapter.dms._transport import HttpTransport
from adapter.dms.http import DmsConnection

__all__ = ["Transport"]


class Transport(HttpTransport):
    def __init__(self, session: requests.Session, conn: DmsConnection) -> None:
        super().__init__(session, conn, _error_body)


def _error_body(response: requests.Response) -> tuple[str | None, str | None]:
    if "json" not in response.headers.get("Content-Type", ""):
        return None, None
    try:
        body = response.json()
    except ValueError:
        return None, None
    if not isinstance(body, dict):
        return None, None
    return (str(body["exception"]) if "exception" in body else None,
            str(body["message"])[:500] if "message" in body else None)
