"""What the console shows about a tenant's health, each bounded in time and cached for a few seconds.

``dms``: a read of the DMS's root folder, timed (latency in ms), at most 2 s. ``audit``: the hash chain of
the tenant's audit trail verified without the checkpoint key (which the adapter never reads), and the
number of checkpoints written. ``mappings``: the tenant's mapping folder and vendor profile loaded again,
and the profile compared with the DMS's type definitions where the connector can read them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Generic, TypeVar

from adapter.audit import verify_chain
from adapter.domain.errors import AdapterError
from adapter.graph import Adapter
from adapter.mapping import load_mappings
from adapter.services.profile_check import check_profile

__all__ = ["AuditState", "Checks", "DmsState", "MappingState"]

T = TypeVar("T")
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="console-check")


@dataclass(frozen=True)
class DmsState:
    ok: bool
    latency_ms: float | None
    error: str | None


@dataclass(frozen=True)
class AuditState:
    ok: bool
    entries: int
    checkpoints: int
    problem: str | None


@dataclass(frozen=True)
class MappingState:
    ok: bool
    classes: int
    against_dms: str  # "passt", "nicht prüfbar: …" or the first problem
    problems: tuple[str, ...]


class _Cached(Generic[T]):
    def __init__(self, compute: Callable[[], T], ttl: float) -> None:
        self._compute, self._ttl = compute, ttl
        self._value: T | None = None
        self._at = 0.0
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            if self._value is None or time.monotonic() - self._at > self._ttl:
                self._value, self._at = self._compute(), time.monotonic()
            return self._value


class Checks:
    """The cached checks of one tenant's graph."""

    def __init__(self, graph: Adapter) -> None:
        self.graph = graph
        self.dms = _Cached(self._dms, 5.0)
        self.audit = _Cached(self._audit, 10.0)
        self.mappings = _Cached(self._mappings, 60.0)

    def _dms(self) -> DmsState:
        started = time.perf_counter()
        future = _POOL.submit(self.graph.dms.get_by_path, "/")
        try:
            future.result(timeout=2.0)
        except FutureTimeout:
            return DmsState(False, None, "keine Antwort in 2 s")
        except AdapterError as exc:
            return DmsState(False, None, exc.code)
        return DmsState(True, round((time.perf_counter() - started) * 1000, 1), None)

    def _audit(self) -> AuditState:
        log, checkpoints = self.graph.settings.audit_paths
        report = verify_chain(log)
        written = len(checkpoints.read_text("utf-8").splitlines()) if checkpoints.exists() else 0
        return AuditState(report.ok, report.entries, written, report.problem)

    def _mappings(self) -> MappingState:
        settings = self.graph.settings
        try:
            mappings = load_mappings(settings.mappings_dir)
            profile = mappings.profile(settings.dms_profile)
        except AdapterError as exc:
            listed = exc.detail.get("problems")
            problems = tuple(map(str, listed)) if isinstance(listed, list | tuple) and listed else (exc.message,)
            return MappingState(False, 0, "nicht prüfbar", problems)
        catalog = self.graph.type_catalog
        if catalog is None:
            return MappingState(True, len(mappings.classes), "nicht prüfbar: der Connector liest keine Typen", ())
        future = _POOL.submit(check_profile, profile, catalog)
        try:
            problems = tuple(future.result(timeout=5.0))
        except (FutureTimeout, AdapterError):
            return MappingState(True, len(mappings.classes), "nicht prüfbar: DMS nicht erreichbar", ())
        return MappingState(not problems, len(mappings.classes), "passt" if not problems else problems[0], problems)
