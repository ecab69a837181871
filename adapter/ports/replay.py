"""ReplayStore port: the answers an API gave under an idempotency key, replayed to a repeated request.

Guarantees an implementation gives: ``begin`` claims a key for one request; the same key with the same
request fingerprint later replays the stored answer; with another fingerprint it raises
``IdempotencyConflict``; while the first request still runs, ``RequestInProgress`` (a claim older
than a few minutes belongs to a process that died and is taken over). Only finished answers are kept
(``finish``); ``abandon`` frees a key after a failure, so the request may be sent again. Keys expire
after the store's time to live. The services' own idempotency (the key travels on to the DMS) makes
a lost store file nothing twice: it only changes whether the client sees the first answer again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from adapter.domain.idempotency import IdempotencyKey

__all__ = ["ReplayStore", "StoredAnswer"]


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    body: str


class ReplayStore(Protocol):
    def begin(self, key: IdempotencyKey, fingerprint: str) -> StoredAnswer | None:
        """Claim ``key``; the stored answer to replay, or ``None`` when the caller should run the request."""
        ...

    def finish(self, key: IdempotencyKey, status: int, body: str) -> None:
        """Keep the answer of the request that claimed ``key``."""
        ...

    def abandon(self, key: IdempotencyKey) -> None:
        """Free an unfinished claim (the request failed; it may be sent again)."""
        ...

    def writable(self) -> bool:
        """Whether a claim could be written now (readiness)."""
        ...
