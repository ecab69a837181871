"""The adapter's one exception tree.

Every layer raises these; edges translate them (CLI exit codes, HTTP problem types, xdomea receipts).
Wire-specific faults (CMIS JSON ``exception``, AtomPub status, SOAP and XTA faults) are mapped onto
this tree by one table per wire in the adapter that speaks it, always with ``raise ... from exc``.

    AdapterError
    ├── InputError                  the caller's input is refused (CLI exit 1, HTTP 4xx)
    │   ├── InvalidInput            malformed or semantically invalid request / message
    │   ├── NotFound                the named record or object does not exist
    │   ├── Conflict                the request conflicts with the current state
    │   │   └── NameConflict        an object of that name already exists in that place
    │   ├── PermissionDenied        the caller or the DMS user may not do this
    │   └── NotSupported            the operation is not offered (by us or by the DMS profile)
    ├── ConfigurationError          settings, mapping files or profile unusable (CLI exit 2)
    ├── TransientError              worth retrying later (CLI exit 3)
    │   └── TransientDmsError       DMS unreachable, timed out, 429/502/503/504
    │       └── OutcomeUnknown      the request was sent, the answer was lost
    └── IntegrityError              stored data differs from what was sent (hash/size mismatch)
"""

from __future__ import annotations

__all__ = [
    "AdapterError",
    "ConfigurationError",
    "Conflict",
    "InputError",
    "IntegrityError",
    "InvalidInput",
    "NameConflict",
    "NotFound",
    "NotSupported",
    "OutcomeUnknown",
    "PermissionDenied",
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
