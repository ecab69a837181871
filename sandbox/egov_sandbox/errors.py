"""CMIS exceptions as the specification names them, with their Browser/AtomPub HTTP status.

CMIS 1.1 §5.2.9 (Browser) and §3.2.4 (AtomPub) give one status per exception name; ``STATUS``
is that table, and bindings render ``{"exception": name, "message": ...}`` from it.
"""

from __future__ import annotations

__all__ = [
    "STATUS",
    "CmisConstraint",
    "CmisContentAlreadyExists",
    "CmisError",
    "CmisFilterNotValid",
    "CmisInvalidArgument",
    "CmisNameConstraintViolation",
    "CmisNotSupported",
    "CmisObjectNotFound",
    "CmisPermissionDenied",
    "CmisRuntime",
    "CmisStorage",
    "CmisStreamNotSupported",
    "CmisUnauthenticated",
    "CmisUpdateConflict",
    "CmisVersioning",
]

STATUS: dict[str, int] = {
    "invalidArgument": 400,
    "objectNotFound": 404,
    "permissionDenied": 403,
    "notSupported": 405,
    "runtime": 500,
    "constraint": 409,
    "contentAlreadyExists": 409,
    "filterNotValid": 400,
    "nameConstraintViolation": 409,
    "storage": 500,
    "streamNotSupported": 403,
    "updateConflict": 409,
    "versioning": 409,
    "unauthenticated": 401,
}


class CmisError(Exception):
    """Base: ``name`` is the spec's exception name, ``status`` its HTTP status."""

    name = "runtime"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def status(self) -> int:
        return STATUS[self.name]


class CmisInvalidArgument(CmisError):
    name = "invalidArgument"


class CmisObjectNotFound(CmisError):
    name = "objectNotFound"


class CmisPermissionDenied(CmisError):
    name = "permissionDenied"


class CmisNotSupported(CmisError):
    name = "notSupported"


class CmisRuntime(CmisError):
    name = "runtime"


class CmisConstraint(CmisError):
    name = "constraint"


class CmisContentAlreadyExists(CmisError):
    name = "contentAlreadyExists"


class CmisFilterNotValid(CmisError):
    name = "filterNotValid"


class CmisNameConstraintViolation(CmisError):
    name = "nameConstraintViolation"


class CmisStorage(CmisError):
    name = "storage"


class CmisStreamNotSupported(CmisError):
    name = "streamNotSupported"


class CmisUpdateConflict(CmisError):
    name = "updateConflict"


class CmisVersioning(CmisError):
    name = "versioning"


class CmisUnauthenticated(CmisError):
    name = "unauthenticated"
