"""The adapter's one exception tree.

Every layer raises these; edges translate them (CLI exit codes, HTTP problem types, xdomea receipts).
Wire-specific faults (CMIS JSON ``exception``, AtomPub status, SOAP and XTA faults) are mapped onto
this tree by one table per wire in the adapter that speaks it, always with ``raise ... from exc``.

    AdapterError
    ├── InputError                  the caller's input is refused (CLI exit 1, HTTP 4xx)
    │   ├── InvalidInput            malformed or semantically invalid request / message
    │   │   ├── DocumentRefused     a document refused with (line, message) problems (XML, schema, ZIP)
    │   │   └── SpoolLimitExceeded  content larger than the spool's per-file limit
    │   ├── NotFound                the named record or object does not exist
    │   │   └── JobNotFound         no journal job with that id
    │   ├── Conflict                the request conflicts with the current state
    │   │   ├── NameConflict        an object of that name already exists in that place
    │   │   ├── IdempotencyConflict an idempotency key reused for a different request
    │   │   ├── RequestInProgress   the first request under an idempotency key still runs
    │   │   ├── IllegalTransition   a journal job's state does not allow the change
    │   │   ├── LeaseLost           a worker's lease on a job is gone (taken over or finished)
    │   │   └── StepAlreadyRecorded a job step of that name is recorded already
    │   ├── PermissionDenied        the caller or the DMS user may not do this
    │   └── NotSupported            the operation is not offered (by us or by the DMS profile)
    ├── ConfigurationError          settings, mapping files or profile unusable (CLI exit 2)
    ├── TransientError              worth retrying later (CLI exit 3)
    │   ├── JournalUnavailable      the journal's database is unreachable or locked too long
    │   ├── SpoolFull               the spool's file system is full (nothing partial left)
    │   └── TransientDmsError       DMS unreachable, timed out, 429/502/503/504
    │       └── OutcomeUnknown      the request was sent, the answer was lost
    ├── IntegrityError              stored data differs from what was sent (hash/size mismatch)
    └── DmsRefused                  the DMS failed for a reason that is neither input nor transient
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AdapterError",
    "ConfigurationError",
    "Conflict",
    "DmsRefused",
    "DocumentRefused",
    "IdempotencyConflict",
    "IllegalTransition",
    "InputError",
    "IntegrityError",
    "InvalidInput",
    "JobNotFound",
    "JournalUnavailable",
    "LeaseLost",
    "NameConflict",
    "NotFound",
    "NotSupported",
    "OutcomeUnknown",
    "PermissionDenied",
    "RequestInProgress",
    "SpoolFull",
    "SpoolLimitExceeded",
    "StepAlreadyRecorded",
    "TransientDmsError",
    "TransientError",
]


class AdapterError(Exception):
    """Base of every error the adapter raises on purpose."""

    #: Stable, machine-readable code (used in problem types, receipts and logs).
    code = "adapter-error"

    def __init__(self, message: str, *, detail: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = dict(detail or {})


class InputError(AdapterError):
    code = "input-refused"


class InvalidInput(InputError):
    code = "invalid-input"


#: One finding in a refused document: the 1-based line (or ``None``) and a human-readable message.
Problem = tuple[int | None, str]


class DocumentRefused(InvalidInput):
    """A document is refused (not well-formed or unsafe XML, invalid against its schema, a hostile
    container): ``problems`` are ``(line, message)``, ``source`` names it (a file or ``container!member``)."""

    code = "document-refused"

    def __init__(self, message: str, *, problems: Sequence[Problem] = (), source: str | None = None) -> None:
        super().__init__(message, detail={"source": source} if source else None)
        self.problems: list[Problem] = list(problems) or [(None, message)]
        self.source = source

    def with_source(self, source: str) -> DocumentRefused:
        """The same refusal, attributed to ``source`` (a file name or ``container!member``)."""
        return type(self)(self.message, problems=self.problems, source=source)


class NotFound(InputError):
    code = "not-found"


class Conflict(InputError):
    code = "conflict"


class NameConflict(Conflict):
    code = "name-conflict"


class PermissionDenied(InputError):
    code = "permission-denied"


class NotSupported(InputError):
    code = "not-supported"


class ConfigurationError(AdapterError):
    code = "configuration"


class TransientError(AdapterError):
    code = "transient"


class TransientDmsError(TransientError):
    code = "dms-unavailable"


class OutcomeUnknown(TransientDmsError):
    code = "outcome-unknown"


class IntegrityError(AdapterError):
    code = "integrity"


class DmsRefused(AdapterError):
    """The DMS refused for a reason that is neither the caller's input nor transient (runtime, storage)."""

    code = "dms-error"



# --- the journal and its spool (their port's contract) ---


class JobNotFound(NotFound):
    """No job with that id."""

    code = "job-not-found"


class IdempotencyConflict(Conflict):
    """The idempotency key is already used by a different request (fingerprints differ)."""

    code = "idempotency-conflict"


class RequestInProgress(Conflict):
    """A request under the same idempotency key is still being processed; repeat it shortly."""

    code = "idempotency-key-in-use"


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
