"""The one table from XTA faults and network failures onto the domain error tree."""

from __future__ import annotations

import pytest
import requests
from lxml import etree
from zeep.exceptions import Fault

from adapter.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied, TransientError
from adapter.transport.xta.faults import FAULTS, XtaFaultError, XtaUnavailable, translate

XTA = "http://xoev.de/transport/xta/211"


def _fault(local: str, code: str = "9000") -> Fault:
    detail = etree.Element("Detail")
    exc = etree.SubElement(detail, f"{{{XTA}}}{local}")
    error = etree.SubElement(exc, f"{{{XTA}}}errorCode")
    etree.SubElement(error, "code").text = code
    etree.SubElement(error, "name").text = "text"
    return Fault("reason", detail=detail)


@pytest.mark.parametrize(("local", "expected"), [
    ("XTAWSTechnicalProblemException", TransientError),
    ("PermissionDeniedException", PermissionDenied),
    ("ParameterIsNotValidException", InvalidInput),
    ("InvalidMessageIDException", NotFound),
    ("CancelDeniedException", Conflict),
    ("MessageSchemaViolationException", InvalidInput),
])
def test_fault_detail_selects_error(local: str, expected: type) -> None:
    """The detail element's name picks the error class; the XTA error code is kept."""
    error = translate(_fault(local, "9030"), "op")
    assert isinstance(error, expected) and error.detail["error_code"] == "9030"


def test_every_wsdl_fault_is_in_the_table() -> None:
    """All eight fault elements of XTA-Webservice-Exceptions.xsd are mapped."""
    assert len(FAULTS) == 8


def test_fault_without_detail_is_not_retryable() -> None:
    """A fault we cannot classify (e.g. a WS-A fault) is refused, not retried."""
    error = translate(Fault("ActionNotSupported"), "op")
    assert isinstance(error, XtaFaultError) and not isinstance(error, TransientError)


def test_tls_failure_is_permission_denied_and_connection_failure_transient() -> None:
    """A refused handshake names the certificate; a refused connection is transient."""
    tls = translate(requests.exceptions.SSLError("alert"), "op")
    assert isinstance(tls, PermissionDenied) and "client certificate" in tls.message
    assert isinstance(translate(requests.exceptions.ConnectionError("refused"), "op"), XtaUnavailable)
