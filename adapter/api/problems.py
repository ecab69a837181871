"""RFC 9457 problem details: the one table from our errors to HTTP status, type URI and title.

Every error answer of the API is ``application/problem+json`` built here. The ``detail`` text of a
DMS failure is ours, never the DMS's message; extension members come from a short allow-list of
detail keys; a safety net strips anything shaped like a URL or a DMS object id. Stack traces stay
in the log.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fastapi.responses import JSONResponse

from adapter.domain.errors import (
    AdapterError,
    ConfigurationError,
    Conflict,
    DmsRefused,
    IdempotencyConflict,
    InputError,
    IntegrityError,
    InvalidInput,
    NameConflict,
    NotFound,
    NotSupported,
    OutcomeUnknown,
    PermissionDenied,
    RequestInProgress,
    TransientDmsError,
    TransientError,
)

__all__ = ["ERROR_TABLE", "PROBLEMS", "TYPE_BASE", "ApiProblem", "problem_body", "problem_for", "problem_response"]

TYPE_BASE = "urn:egov-adapter:problem:"

#: slug -> (status, title); the slugs are the stable part of the type URIs
PROBLEMS: Mapping[str, tuple[int, str]] = {
    "invalid-input": (400, "The request is invalid"),
    "invalid-request": (400, "The request does not match the API description"),
    "input-refused": (400, "The request was refused"),
    "unauthenticated": (401, "Authentication required"),
    "forbidden": (403, "This client may not do this"),
    "permission-denied": (403, "The DMS denied access"),
    "not-found": (404, "No such record"),
    "method-not-allowed": (405, "Method not allowed"),
    "conflict": (409, "The DMS refused the change (a constraint of the DMS)"),
    "name-conflict": (409, "A record of that name already exists in that place"),
    "idempotency-key-in-use": (409, "A request with this Idempotency-Key is still being processed"),
    "payload-too-large": (413, "The request body is too large"),
    "unsupported-media-type": (415, "Unsupported media type"),
    "idempotency-key-reused": (422, "This Idempotency-Key was used for a different request"),
    "not-supported": (422, "The operation is not supported by this DMS"),
    "range-not-satisfiable": (416, "The requested range is not satisfiable"),
    "rate-limited": (429, "Too many requests"),
    "internal": (500, "Internal error"),
    "configuration": (500, "The adapter is misconfigured"),
    "dms-error": (502, "The DMS failed"),
    "integrity": (502, "The DMS returned content that differs from what was stored"),
    "dms-unavailable": (503, "The DMS is unavailable; try again later"),
    "outcome-unknown": (503, "The DMS did not answer; the outcome is unknown, repeat with the same Idempotency-Key"),
    "transient": (503, "Temporarily unavailable; try again later"),
    "not-ready": (503, "The adapter is not ready"),
}

#: our error classes -> slug; the most specific class in an error's MRO wins
ERROR_TABLE: Mapping[type[AdapterError], str] = {
    InvalidInput: "invalid-input", NotFound: "not-found", NameConflict: "name-conflict", Conflict: "conflict",
    PermissionDenied: "permission-denied", NotSupported: "not-supported", InputError: "input-refused",
    ConfigurationError: "configuration", OutcomeUnknown: "outcome-unknown", TransientDmsError: "dms-unavailable",
    TransientError: "transient", IntegrityError: "integrity", DmsRefused: "dms-error", AdapterError: "internal",
    IdempotencyConflict: "idempotency-key-reused", RequestInProgress: "idempotency-key-in-use",
}

_SAFE_DETAIL_KEYS = ("field", "fields", "limit", "size", "record_class", "level", "aktenzeichen", "id")
_UNSAFE = re.compile(r"[a-z][a-z0-9+.-]*://\S+|/cmis/\S*|\b[0-9a-fA-F]{32,}\b|\bworkspace://\S+", re.I)


class ApiProblem(Exception):
    """An API-level refusal (authentication, scope, limits, idempotency) with its problem slug."""

    def __init__(self, slug: str, detail: str, headers: Mapping[str, str] | None = None, *,
                 extensions: Mapping[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.slug, self.detail, self.headers = slug, detail, dict(headers or {})
        self.extensions = dict(extensions or {})


def _scrub(text: str) -> str:
    return _UNSAFE.sub("[…]", text)


def problem_for(error: AdapterError) -> tuple[str, str, dict[str, Any]]:
    """(slug, detail, extension members) of a domain error."""
    slug = next(ERROR_TABLE[c] for c in type(error).__mro__ if c in ERROR_TABLE)
    if "dms_status" in error.detail or "operation" in error.detail:
        detail = f"The DMS refused the operation ({error.detail.get('operation', 'request')})."
    elif PROBLEMS[slug][0] >= 500:
        detail = PROBLEMS[slug][1] + "."
    else:
        detail = error.message
    extensions = {k: error.detail[k] for k in _SAFE_DETAIL_KEYS if k in error.detail}
    return slug, _scrub(detail), {k: _scrub(v) if isinstance(v, str) else v for k, v in extensions.items()
                                  if isinstance(v, str | int | float | bool | list)}


def problem_body(slug: str, detail: str | None = None, *, instance: str | None = None,
                 **extensions: Any) -> dict[str, Any]:
    """The JSON of a problem (also embedded in job results)."""
    status, title = PROBLEMS[slug]
    body: dict[str, Any] = {"type": TYPE_BASE + slug, "title": title, "status": status}
    if detail:
        body["detail"] = _scrub(detail)
    if instance:
        body["instance"] = instance
    body.update(extensions)
    return body


def problem_response(slug: str, detail: str | None = None, *, instance: str | None = None,
                     headers: Mapping[str, str] | None = None, **extensions: Any) -> JSONResponse:
    body = problem_body(slug, detail, instance=instance, **extensions)
    status = body["status"]
    out = dict(headers or {})
    if status == 503:
        out.setdefault("Retry-After", "5")
    return JSONResponse(body, status_code=status, headers=out, media_type="application/problem+json")
