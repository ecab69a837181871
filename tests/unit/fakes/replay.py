"""``FakeReplayStore``: the ``ReplayStore`` port (``adapter.ports.replay``) in a dictionary, on a clock.

Simulates what ``SqliteReplayStore`` keeps per key: the request fingerprint, the claim's start and,
once finished, the answer. Time comes from the injected ``Clock`` (a ``FakeClock`` moves it), so a
test can let a claim go stale (``STALE``: taken over) or a key expire (``ttl_hours``). Failure:
``read_only = True`` makes ``writable()`` false.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from adapter.domain.errors import IdempotencyConflict, RequestInProgress
from adapter.domain.idempotency import IdempotencyKey
from adapter.ports.clock import Clock, SystemClock
from adapter.ports.replay import StoredAnswer

__all__ = ["STALE", "FakeReplayStore"]

#: A claim without an answer older than this belongs to a process that died (as in the SQLite store).
STALE = timedelta(minutes=15)


@dataclass
class _Claim:
    fingerprint: str
    started: datetime
    answer: StoredAnswer | None = None


class FakeReplayStore:
    def __init__(self, ttl_hours: int = 24, clock: Clock | None = None) -> None:
        self.ttl, self.clock = timedelta(hours=ttl_hours), clock or SystemClock()
        self.claims: dict[str, _Claim] = {}
        self.read_only = False

    def begin(self, key: IdempotencyKey, fingerprint: str) -> StoredAnswer | None:
        now = self.clock.now()
        self.claims = {k: c for k, c in self.claims.items() if c.started >= now - self.ttl}
        claim = self.claims.get(key.text)
        if claim is not None and claim.fingerprint != fingerprint:
            raise IdempotencyConflict("This Idempotency-Key was already used with a different request.")
        if claim is not None and claim.answer is not None:
            return claim.answer
        if claim is not None and claim.started > now - STALE:
            raise RequestInProgress("Wait for the first request with this key to finish.")
        self.claims[key.text] = _Claim(fingerprint, now)
        return None

    def finish(self, key: IdempotencyKey, status: int, body: str) -> None:
        claim = self.claims.get(key.text)
        if claim is not None:
            claim.answer = StoredAnswer(status, body)

    def abandon(self, key: IdempotencyKey) -> None:
        claim = self.claims.get(key.text)
        if claim is not None and claim.answer is None:
            del self.claims[key.text]

    def writable(self) -> bool:
        return not self.read_only
