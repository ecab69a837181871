"""``DmsProbe``: runs the checks against one repository over one binding and returns the findings.

Read-only by default (``reading.py``: GET requests, or SOAP read operations, only). With
``ProbeOptions.scratch_folder`` it also writes, only inside a run folder of its own in that folder
(``scratch.py``), and deletes that folder at the end, also when a check fails or the run is
interrupted by an exception; a run killed outright leaves it for the next run to remove. What the
chosen vendor profile needs is judged afterwards (``adapter.dms.probe.fit``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from adapter.dms.probe.behaviour import acl_checks, size_check, versioning_checks
from adapter.dms.probe.names import name_checks
from adapter.dms.probe.reading import ReadFindings, read_checks
from adapter.dms.probe.record import ProbeProgress, Recorder
from adapter.dms.probe.scratch import WRITE_TITLES, Scratch
from adapter.dms.probe.wire import ProbeWire
from adapter.dms.probe.writing import Run, content_checks, create_objects, query_lag, secondary_checks
from adapter.domain.probe import ContentFacts, NameFacts, ProbeFindings

__all__ = ["DmsProbe", "ProbeOptions", "public_url"]


@dataclass(frozen=True)
class ProbeOptions:
    scratch_folder: str | None = None  # None: read-only
    max_content_bytes: int = 16 * 1024 * 1024  # the operator's limit for the largest upload tried
    lag_limit_seconds: float = 30.0  # how long to wait for a new object to show up in a query


def public_url(url: str) -> str:
    """``url`` without credentials, query or fragment (what reports may show)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


@dataclass
class _Written:
    names: NameFacts | None = None
    content: ContentFacts = field(default_factory=ContentFacts)
    lag_ms: int | None = None


class DmsProbe:
    """The probe of one repository: ``wire`` as the configured DMS user, ``second`` as another one."""

    def __init__(self, wire: ProbeWire, *, user: str | None, second: ProbeWire | None = None,
                 second_user: str | None = None) -> None:
        self.wire, self.user, self.second, self.second_user = wire, user, second, second_user

    def run(self, options: ProbeOptions, progress: ProbeProgress | None = None) -> ProbeFindings:
        rec = Recorder(progress, soap=self.wire.binding == "ws")
        started, clock = datetime.now(UTC), time.monotonic()
        read = read_checks(self.wire, rec)
        written = _Written()
        if options.scratch_folder is None:
            for check_id, title in WRITE_TITLES.items():
                rec.begin(title)
                rec.check(check_id, title, "skipped", "read-only probe",
                          "Run with --scratch-folder PATH to test what the DMS enforces on writes.")
        else:
            written = self._write(read, rec, options)
        lag_limit = int(options.lag_limit_seconds * 1000) if options.scratch_folder else None
        return ProbeFindings(
            binding=self.wire.binding, url=public_url(self.wire.url), access=dict(self.wire.access),
            mode="read-only" if options.scratch_folder is None else "scratch", started=started.isoformat(),
            seconds=round(time.monotonic() - clock, 3), repository=read.repository, types=read.types,
            query=replace(read.query, lag_ms=written.lag_ms, lag_limit_ms=lag_limit), names=written.names,
            content=replace(written.content, hash_declared=read.hash_declared),
            latency_ms=round(read.latency_ms, 2) if read.latency_ms is not None else None,
            checks=tuple(rec.checks))

    def _write(self, read: ReadFindings, rec: Recorder, options: ProbeOptions) -> _Written:
        assert options.scratch_folder is not None
        scratch = Scratch(self.wire, rec, options.scratch_folder)
        written = _Written()
        try:
            path = scratch.prepare()
            if path is None:
                _skip_rest(rec, "no run folder: the DMS refused it")
                return written
            run = Run(self.wire, rec, read, path)
            try:
                made = create_objects(run)
                written.lag_ms = query_lag(run, made, options.lag_limit_seconds)
                content_checks(run, made)
                secondary_checks(run)
                written.names = name_checks(run)
                versioning_checks(run, made)
                acl_checks(run, made, self.user, self.second, self.second_user)
                sized = size_check(run, options.max_content_bytes)
            finally:
                self._cancel_checkouts(run)
            written.content = _content(rec, sized)
        finally:
            scratch.cleanup()
        return written


    def _cancel_checkouts(self, run: Run) -> None:
        """Checkouts a failed check left open (a checked-out document may block the tree's deletion)."""
        for pwc in list(run.pwcs):
            run.rec.attempt("POST cancelCheckOut (left open)", lambda: self.wire.cancel_check_out(pwc))  # noqa: B023


def _skip_rest(rec: Recorder, why: str) -> None:
    """The write checks not made yet, as skipped (``why``)."""
    done = {c.id for c in rec.checks}
    for check_id, title in WRITE_TITLES.items():
        if check_id not in done and check_id != "scratch.cleanup":
            rec.begin(title)
            rec.check(check_id, title, "skipped", why, "Not measured.")


def _content(rec: Recorder, sized: ContentFacts) -> ContentFacts:
    """The content facts the checks found (hash, byte-exact download, Range) with the size limits."""
    def status(check_id: str) -> bool | None:
        found = next((c for c in rec.checks if c.id == check_id), None)
        return None if found is None or found.status == "skipped" else found.status == "pass"

    return ContentFacts(hash_offered=status("content.hash"), byte_exact=status("content.download"),
                        range_supported=status("content.range"), largest_accepted=sized.largest_accepted,
                        smallest_refused=sized.smallest_refused, operator_limit=sized.operator_limit)
