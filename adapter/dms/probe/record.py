"""Recording a probe run: each request with its answer in short, each check with its evidence.

``Recorder.call`` runs one wire call and notes ``request`` and the answer (``ok`` or what the
caller describes; for a refusal the HTTP status, the CMIS exception and the DMS's message, cut
short). ``Recorder.check`` closes a check with the evidence noted since the last one. Requests are
described by the checks themselves (operation, folder, property ids, sizes): never a URL with
credentials, never content. The checks write ``GET`` for a read and ``POST`` for a write, as the
Browser binding sends them; over Web Services (``soap=True``), where every request is a SOAP
operation sent by POST, the evidence says ``SOAP`` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, NamedTuple, Protocol, TypeVar

from adapter.domain.errors import AdapterError
from adapter.domain.probe import Check, CheckStatus, Evidence

__all__ = ["Attempt", "ProbeProgress", "Recorder", "describe"]

T = TypeVar("T")
MAX_EVIDENCE = 12


class Attempt(NamedTuple, Generic[T]):
    """The outcome of ``Recorder.attempt``: the result, or the refusal."""

    value: T | None
    error: AdapterError | None


class ProbeProgress(Protocol):
    """Told about each step while a probe runs (the terminal shows it)."""

    def started(self, title: str) -> None: ...
    def finished(self, check: Check) -> None: ...


def describe(error: AdapterError) -> str:
    """``409 contentAlreadyExists (NameConflict): <the DMS's message, short>``."""
    status, exception = error.detail.get("dms_status"), error.detail.get("dms_exception")
    head = " ".join(str(x) for x in (status, exception) if x)
    text = error.message.split(": ", 1)[-1] if ": " in error.message else error.message
    return f"{head} ({type(error).__name__}): {text[:160]}" if head else f"{type(error).__name__}: {text[:160]}"


class Recorder:
    def __init__(self, progress: ProbeProgress | None = None, *, soap: bool = False) -> None:
        self.checks: list[Check] = []
        self._progress = progress
        self._soap = soap
        self._evidence: list[Evidence] = []
        self._dropped = 0

    def begin(self, title: str) -> None:
        """A step starts (its evidence starts empty)."""
        self._evidence, self._dropped = [], 0
        if self._progress is not None:
            self._progress.started(title)

    def note(self, request: str, answer: str) -> None:
        verb, _sep, rest = request.partition(" ")
        if self._soap and verb in ("GET", "POST"):
            request = f"SOAP {rest}"
        if len(self._evidence) < MAX_EVIDENCE:
            self._evidence.append(Evidence(request, answer))
        else:
            self._dropped += 1

    def call(self, request: str, fn: Callable[[], T], answer: Callable[[T], str] | None = None) -> T:
        """Run one wire call; note its request and answer. A refusal is noted and raised again."""
        try:
            result = fn()
        except AdapterError as exc:
            self.note(request, describe(exc))
            raise
        self.note(request, answer(result) if answer is not None else "ok")
        return result

    def attempt(self, request: str, fn: Callable[[], T], answer: Callable[[T], str] | None = None) -> Attempt[T]:
        """``call`` that returns (result, None) or (None, error) instead of raising."""
        try:
            return Attempt(self.call(request, fn, answer), None)
        except AdapterError as exc:
            return Attempt(None, exc)

    def check(self, check_id: str, title: str, status: CheckStatus, found: str, meaning: str,
              needed: bool = False) -> Check:
        evidence = list(self._evidence)
        if self._dropped:
            evidence.append(Evidence(f"… {self._dropped} more requests", "not listed"))
        done = Check(check_id, title, status, found, meaning, tuple(evidence), needed)
        self._evidence, self._dropped = [], 0
        self.checks.append(done)
        if self._progress is not None:
            self._progress.finished(done)
        return done
