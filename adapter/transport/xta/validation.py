"""Validate SOAP envelopes against the XTA XSDs of the schema folder (used by the test peer and tests).

One schema covers the SOAP 1.2 envelope, WS-Addressing, OSCI transport and message metadata and the
XTA elements, as the WSDL's own ``types`` section composes them. Every child of Body and every
header block in an XTA/OSCI/WS-A namespace must be declared and valid (strict), and the envelope
itself must be valid. XOP is resolved as in the infoset it stands for: an ``xop:Include`` counts as
base64 content (a short stand-in), so the attachment bytes are not loaded to validate the structure.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree
from zeep.plugins import Plugin

from adapter.domain.errors import InvalidInput
from adapter.transport.xta._wsdl import XTA_VERSION_DIR
from adapter.transport.xta.namespaces import OSCI, OSCIMETA, SOAP12, WSA, XOP, XTA, qn

__all__ = ["EnvelopeValidator", "ValidatingPlugin"]

_XS = "http://www.w3.org/2001/XMLSchema"
_CHECKED = (XTA, OSCI, OSCIMETA, WSA)


def _wrapper(folder: Path) -> etree._Element:
    root = etree.Element(qn(_XS, "schema"), nsmap={"xs": _XS}, targetNamespace=XTA, elementFormDefault="qualified")
    for namespace, name in ((SOAP12, "soap12-envelope.xsd"), (WSA, "ws-addr.xsd"),
                            (OSCIMETA, "OSCI_MessageMetaData_V2.02.xsd"), (OSCI, "OSCI2_02.xsd")):
        etree.SubElement(root, qn(_XS, "import"), namespace=namespace, schemaLocation=(folder / name).as_uri())
    for name in ("XTA-Webservice-Globale-Elemente.xsd", "XTA-Webservice-Exceptions.xsd"):
        etree.SubElement(root, qn(_XS, "include"), schemaLocation=(folder / name).as_uri())
    return root


class EnvelopeValidator:
    """``validate(envelope)`` raises InvalidInput listing the XSD errors."""

    def __init__(self, schema_dir: str | Path) -> None:
        folder = (Path(schema_dir) / XTA_VERSION_DIR).resolve()
        self.schema = etree.XMLSchema(_wrapper(folder))

    def _check(self, element: etree._Element, what: str) -> None:
        document = etree.ElementTree(copy.deepcopy(element))
        if not self.schema.validate(document):
            errors = [f"{e.line}: {e.message}" for e in self.schema.error_log][:5]
            raise InvalidInput(f"XTA {what} does not validate", detail={"errors": errors, "element": element.tag})

    def validate(self, envelope: etree._Element) -> None:
        if envelope.tag != qn(SOAP12, "Envelope"):
            raise InvalidInput("not a SOAP 1.2 envelope", detail={"root": str(envelope.tag)})
        resolved = copy.deepcopy(envelope)
        for include in list(resolved.iter(qn(XOP, "Include"))):
            parent = include.getparent()
            if parent is not None:
                parent.remove(include)
                parent.text = "AA=="
        self._check(resolved, "envelope")
        header, body = resolved.find(qn(SOAP12, "Header")), resolved.find(qn(SOAP12, "Body"))
        blocks = [b for b in (header if header is not None else []) if etree.QName(b).namespace in _CHECKED]
        for element in [*blocks, *(body if body is not None else [])]:
            if etree.QName(element).namespace == SOAP12:  # a Fault: its Detail children are ours
                detail = element.find(qn(SOAP12, "Detail"))
                for child in (detail if detail is not None else []):
                    self._check(child, "fault detail")
                continue
            self._check(element, "body" if element.getparent() is body else "header")


class ValidatingPlugin(Plugin):
    """A zeep plugin validating every envelope we send and receive (tests: both directions)."""

    def __init__(self, validator: EnvelopeValidator) -> None:
        self.validator, self.checked = validator, 0

    def egress(self, envelope, http_headers, operation, binding_options):  # type: ignore[no-untyped-def]
        self.validator.validate(envelope)
        self.checked += 1
        return envelope, http_headers

    def ingress(self, envelope, http_headers, operation):  # type: ignore[no-untyped-def]
        self.validator.validate(envelope)
        self.checked += 1
        return envelope, http_headers
