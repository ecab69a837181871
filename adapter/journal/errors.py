"""Errors of the journal and the spool, as subclasses of the one tree in ``adapter.domain.errors``."""

from __future__ import annotations

from adapter.domain.errors import Conflict, InvalidInput, NotFound, TransientError

__all__ = [
    "IdempotencyConflict",
    "IllegalTransition",
    "JobNotFound",
    "JournalUnavailable",
    "LeaseLost",
    "SpoolFull",
    "SpoolLimitExceeded",
    "StepAlreadyRecorded",
]


class JobNotFound(NotFound):
    """No job with that id."""

    code = "job-not-found"


class IdempotencyConflict(Conflict):
    """The idempotency key is already used by a different request (fingerprints differ)."""

    code = "idempotency-conflict"


class IllegalTransition(Conflict):
    """The job's state does not allow the requested change."""

    code = "illegal-transition"


class LeaseLost(Conflict):
    """A worker wrote with a lease token that is no longer current (expired and taken over, or
    the job was finished/retried meanwhile). The worker must stop working on the job."""

    code = "lease-lost"


class StepAlreadyRecorded(Conflict):
    """A step of that name is already recorded for the job."""

    code = "step-already-recorded"


class JournalUnavailable(TransientError):
    """The journal's database is unreachable or locked beyond the busy timeout."""

    code = "journal-unavailable"


class SpoolFull(TransientError):
    """The spool's file system is full (ENOSPC/EDQUOT); nothing partial was left behind."""

    code = "spool-full"


class SpoolLimitExceeded(InvalidInput):
    """The content is larger than the spool's per-file limit."""

    code = "content-too-large"
