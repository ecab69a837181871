"""Bounded readiness checks: each check runs with its own short timeout and its answer is cached.

A load balancer or kubelet asks ``/health/ready`` every few seconds with a timeout of about one
second. A DMS that refuses connections is retried by the connector (backoff), and one that hangs
waits for its read timeout, so the DMS check runs in a thread of its own: when it has not answered
within ``timeout`` the check counts as failed, and its answer (in time or late) is kept for ``ttl``
seconds, so probes never pile up threads against a slow DMS. At most one check of a kind is in
flight at a time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import structlog

__all__ = ["CachedCheck"]

log = structlog.get_logger(__name__)


class CachedCheck:
    """``check()`` with a deadline and a short memory (see the module docstring)."""

    def __init__(self, name: str, check: Callable[[], bool], *, timeout: float = 0.5, ttl: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.name, self._check, self.timeout, self.ttl, self._clock = name, check, timeout, ttl, clock
        self._lock = threading.Lock()
        self._value: bool | None = None
        self._at = 0.0
        self._running: threading.Event | None = None

    def __call__(self) -> bool:
        with self._lock:
            if self._value is not None and self._clock() - self._at < self.ttl:
                return self._value
            if self._running is None:
                self._running = threading.Event()
                threading.Thread(target=self._run, args=(self._running,), name=f"ready-{self.name}",
                                 daemon=True).start()
            running = self._running
        if running.wait(self.timeout):
            with self._lock:
                return bool(self._value)
        log.warning("api.ready.check_timeout", check=self.name, timeout_s=self.timeout)
        with self._lock:
            self._value, self._at = False, self._clock()
        return False

    def _run(self, done: threading.Event) -> None:
        try:
            value = self._check()
        except Exception:  # a check that breaks is a failed check, never a failed probe
            log.exception("api.ready.check_failed", check=self.name)
            value = False
        with self._lock:
            self._value, self._at, self._running = value, self._clock(), None
        done.set()
