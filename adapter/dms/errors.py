"""One table from wire faults to the domain's errors (CMIS 1.1 Part II §5.2.9 and §3.2.4.1).

A CMIS error body names its exception (Browser: ``{"exception": "nameConstraintViolation", ...}``;
Web Services: the ``cmisFault``'s ``type``, whose values are the same names); that name decides.
Without a usable body the HTTP status decides (``STATUS_MAP``; a SOAP 1.1 fault always comes with
500, so there only the ``type`` can tell). Nothing else in the adapter looks at CMIS exception names
or status codes.
"""

from __future__ import annotations

from collections.abc import Mapping

from adapter.domain.errors import (
    AdapterError,
    Conflict,
    DmsRefused,
    InvalidInput,
    NameConflict,
    NotFound,
    NotSupported,
    PermissionDenied,
    TransientDmsError,
)

__all__ = ["EXCEPTION_MAP", "STATUS_MAP", "TRANSIENT_STATUSES", "DmsRefused", "translate"]


EXCEPTION_MAP: Mapping[str, type[AdapterError]] = {
    "objectNotFound": NotFound,
    "permissionDenied": PermissionDenied,
    "unauthenticated": PermissionDenied,
    "invalidArgument": InvalidInput,
    "filterNotValid": InvalidInput,
    "notSupported": NotSupported,
    "streamNotSupported": NotSupported,
    "constraint": Conflict,
    "updateConflict": Conflict,
    "versioning": Conflict,
    "contentAlreadyExists": NameConflict,
    "nameConstraintViolation": NameConflict,
    "storage": DmsRefused,
    "runtime": DmsRefused,
}

STATUS_MAP: Mapping[int, type[AdapterError]] = {
    400: InvalidInput,
    401: PermissionDenied,
    403: PermissionDenied,
    404: NotFound,
    405: NotSupported,
    409: Conflict,
    413: InvalidInput,
    429: TransientDmsError,
    500: DmsRefused,
    502: TransientDmsError,
    503: TransientDmsError,
    504: TransientDmsError,
}

#: statuses worth retrying (the request may be repeated after a pause)
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})


def translate(status: int, exception: str | None, message: str | None, operation: str) -> AdapterError:
    """The domain error for a failed DMS call. ``message`` is the DMS's text (no content, no ids)."""
    if status in TRANSIENT_STATUSES:
        cls: type[AdapterError] = TransientDmsError
    elif exception is not None and exception in EXCEPTION_MAP:
        cls = EXCEPTION_MAP[exception]
    else:
        cls = STATUS_MAP.get(status, DmsRefused)
    text = f"DMS refused {operation}: {message or exception or f'HTTP {status}'}"
    return cls(text, detail={"dms_status": status, "dms_exception": exception or "", "operation": operation})
