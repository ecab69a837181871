"""Fault injection and the request counter, off by default, switchable at start and at run time.

A fault is a rule: what happens (``kind``), how often (``rate``, and optionally only the next
``times`` matching requests), and to which operations (``match``: keys like ``"POST createDocument"``
or ``"GET content"``; empty means every operation). Kinds:

- ``latency``          sleep ``ms`` before processing
- ``error``            answer ``status`` (500 or 503) without processing
- ``reset``            cut the connection before processing (nothing is stored)
- ``lose_response``    process and commit, then cut the connection ("commit, then lose the response")
- ``slow_body``        send the response body at ``bytes_per_second``
- ``corrupt_content``  flip one bit of uploaded content before it is hashed and stored
- ``query_lag``        new objects appear in query results only ``ms`` after creation

Operation keys are ``"<METHOD> <selector or action>"``; the counter counts every request by key.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["KINDS", "AbortConnection", "Decision", "FaultInjector", "FaultRule", "RequestCounter", "iter_slowly"]

KINDS = ("latency", "error", "reset", "lose_response", "slow_body", "corrupt_content", "query_lag")


class AbortConnection(BaseException):
    """Raised by the app to make the server cut the TCP connection without an answer.

    A ``BaseException`` so that no ``except Exception`` on the way (Werkzeug's included) turns it
    into a 500; ``handler.py`` catches it and resets the socket.
    """


@dataclass
class FaultRule:
    kind: str
    rate: float = 1.0
    times: int | None = None
    match: tuple[str, ...] = ()
    ms: int = 0
    status: int = 503
    bytes_per_second: int = 64 * 1024

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r} (one of {', '.join(KINDS)})")
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        if self.kind == "error" and self.status not in (500, 502, 503, 504, 429):
            raise ValueError("error status must be one of 429, 500, 502, 503, 504")
        self.match = tuple(self.match)

    def applies_to(self, op: str) -> bool:
        return not self.match or op in self.match


@dataclass
class Decision:
    latency_ms: int = 0
    error_status: int | None = None
    reset: bool = False
    lose_response: bool = False
    slow_bps: int | None = None
    fired: list[str] = field(default_factory=list)


class FaultInjector:
    """Thread-safe set of rules; ``decide(op)`` draws which faults hit one request."""

    def __init__(self, rules: list[FaultRule] | None = None, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = list(rules or [])
        self._random = random.Random(seed)
        self.fired: Counter[str] = Counter()

    def configure(self, rules: list[FaultRule], seed: int | None = None) -> None:
        with self._lock:
            self._rules = list(rules)
            if seed is not None:
                self._random.seed(seed)

    @classmethod
    def rules_from_json(cls, data: Any) -> list[FaultRule]:
        raw = data.get("rules", []) if isinstance(data, dict) else data
        if not isinstance(raw, list):
            raise ValueError("faults must be a list of rules or {\"rules\": [...]}")
        return [FaultRule(**r) for r in raw]

    def describe(self) -> dict[str, Any]:
        with self._lock:
            return {"rules": [asdict(r) for r in self._rules], "fired": dict(self.fired)}

    def _draw(self, rule: FaultRule) -> bool:
        if rule.times is not None and rule.times <= 0:
            return False
        if rule.rate < 1.0 and self._random.random() >= rule.rate:
            return False
        if rule.times is not None:
            rule.times -= 1
        return True

    def decide(self, op: str) -> Decision:
        decision = Decision()
        with self._lock:
            for rule in self._rules:
                if rule.kind in ("query_lag", "corrupt_content") or not rule.applies_to(op) \
                        or not self._draw(rule):
                    continue
                self.fired[rule.kind] += 1
                decision.fired.append(rule.kind)
                if rule.kind == "latency":
                    decision.latency_ms += rule.ms
                elif rule.kind == "error":
                    decision.error_status = rule.status
                elif rule.kind == "reset":
                    decision.reset = True
                elif rule.kind == "lose_response":
                    decision.lose_response = True
                elif rule.kind == "slow_body":
                    decision.slow_bps = rule.bytes_per_second
        return decision

    def corrupt_upload(self) -> bool:
        """Drawn once per uploaded content stream (``match`` does not apply: the operation is not
        known yet while the body streams in)."""
        with self._lock:
            for rule in self._rules:
                if rule.kind == "corrupt_content" and self._draw(rule):
                    self.fired[rule.kind] += 1
                    return True
        return False

    def query_lag_ms(self) -> int:
        with self._lock:
            return max((r.ms for r in self._rules if r.kind == "query_lag"), default=0)


class RequestCounter:
    """Counts requests per operation key; tests and benchmarks read and reset it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def record(self, op: str) -> None:
        with self._lock:
            self._counts[op] += 1

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"total": sum(self._counts.values()), "by_operation": dict(self._counts)}

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


def iter_slowly(chunks: Iterator[bytes], bytes_per_second: int) -> Iterator[bytes]:
    """Yield ``chunks`` re-cut into pieces paced to ``bytes_per_second`` (slow_body fault)."""
    piece = max(1, bytes_per_second // 10)
    for chunk in chunks:
        for start in range(0, len(chunk), piece):
            time.sleep(0.1)
            yield chunk[start:start + piece]
