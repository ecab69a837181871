"""One table from XTA faults and network failures onto the adapter's error tree.

The WSDL's faults carry one detail element (``xta:*Exception``) with an ``errorCode`` from the code
list ``urn:de:xta:webservice:codeliste:fehlernummer``. ``FAULTS`` maps the element's local name to
our error class; ``translate`` is used at the one place zeep and requests errors leave the client.
Only ``TransientError`` is retried (``RETRYABLE``).
"""

from __future__ import annotations

from typing import Any

import requests
from zeep.exceptions import Fault, TransportError

from adapter.domain.errors import (
    AdapterError,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransientError,
)
from adapter.transport.xta.namespaces import XTA

__all__ = ["FAULTS", "RETRYABLE", "XtaFaultError", "XtaUnavailable", "translate"]


class XtaUnavailable(TransientError):
    """The XTA server had a technical problem or could not be reached."""

    code = "xta-unavailable"


class XtaFaultError(InvalidInput):
    """A fault we could not classify (no known detail element); not retried."""

    code = "xta-fault"


#: local name of the fault detail element -> our error (namespace XTA).
FAULTS: dict[str, type[AdapterError]] = {
    "XTAWSTechnicalProblemException": XtaUnavailable,
    "PermissionDeniedException": PermissionDenied,
    "ParameterIsNotValidException": InvalidInput,
    "MessageSchemaViolationException": InvalidInput,
    "MessageVirusDetectionException": InvalidInput,
    "SyncAsyncException": InvalidInput,
    "InvalidMessageIDException": NotFound,
    "CancelDeniedException": Conflict,
}

RETRYABLE: tuple[type[BaseException], ...] = (TransientError,)


def _fault_details(fault: Fault) -> tuple[str | None, str | None, str | None]:
    detail: Any = fault.detail
    if detail is None:
        return None, None, None
    for element in detail.iter():
        if isinstance(element.tag, str) and element.tag.startswith(f"{{{XTA}}}") and element.tag.endswith("Exception"):
            local = element.tag.split("}", 1)[1]
            code = element.findtext(f"{{{XTA}}}errorCode/code")
            name = element.findtext(f"{{{XTA}}}errorCode/name")
            return local, code, name
    return None, None, None


def translate(exc: Exception, operation: str) -> AdapterError:
    """Our error for a zeep fault, a transport error or a requests failure (use with ``raise … from``)."""
    if isinstance(exc, AdapterError):
        return exc
    if isinstance(exc, Fault):
        local, code, name = _fault_details(exc)
        error = FAULTS.get(local or "", XtaFaultError)
        return error(f"XTA {operation}: {local or 'fault'} {code or ''} {name or ''}".strip(),
                     detail={"operation": operation, "fault": local, "error_code": code})
    if isinstance(exc, requests.exceptions.SSLError):
        return PermissionDenied(
            f"XTA {operation}: TLS handshake failed — client certificate missing or not accepted, "
            "or the server certificate is not trusted by the configured CA bundle",
            detail={"operation": operation, "reason": type(exc).__name__})
    if isinstance(exc, requests.exceptions.RequestException | TransportError | OSError):
        return XtaUnavailable(f"XTA {operation}: server unreachable or failed ({type(exc).__name__})",
                              detail={"operation": operation, "reason": type(exc).__name__})
    return XtaFaultError(f"XTA {operation}: unexpected failure ({type(exc).__name__})",
                         detail={"operation": operation})
