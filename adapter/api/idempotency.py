"""The ``Idempotency-Key`` header (IETF httpapi draft), parsed once per request into our ``IdempotencyKey``.

``request_key`` is the FastAPI dependency of every route that takes the header: it refuses a
malformed or overlong key (400) and scopes a valid one by the calling client (``api:<client>:<key>``).
The key answers a repeat from the replay store (``adapter.ports.replay``) and travels on to the
services, so a lost store still files only once.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header

from adapter.api.problems import ApiProblem
from adapter.api.security import Caller, caller
from adapter.domain.idempotency import IdempotencyKey

__all__ = ["RequestKey", "parse_key", "request_key"]

_KEY = re.compile(r'^"?([\x21\x23-\x7e]{1,255})"?$')
#: the longest key a client may send: its scoped form stays within the DMS property's 200 characters
MAX_CLIENT_KEY = 128


def parse_key(header: str | None) -> str | None:
    """The key of an ``Idempotency-Key`` header (an sf-string; bare tokens are accepted too)."""
    if header is None:
        return None
    match = _KEY.match(header.strip())
    if match is None:
        raise ApiProblem("invalid-request", "Idempotency-Key must be 1 to 255 visible ASCII characters")
    if len(match.group(1)) > MAX_CLIENT_KEY:
        raise ApiProblem("invalid-request", f"Idempotency-Key may have at most {MAX_CLIENT_KEY} characters")
    return match.group(1)


async def request_key(who: Annotated[Caller, Depends(caller)],
                      header: Annotated[str | None, Header(alias="Idempotency-Key",
                                                           description="Repeat-safe key (IETF httpapi draft).")]
                      = None,
                      ) -> IdempotencyKey | None:
    """The request's key, scoped by the calling client; ``None`` without the header."""
    key = parse_key(header)
    return IdempotencyKey.of_client(who.client.name, key) if key is not None else None


RequestKey = Annotated[IdempotencyKey | None, Depends(request_key)]
