"""The peer's view of XTA.wsdl: zeep (offline) for operations and their output messages, lxml for faults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree
from zeep import Client, Settings
from zeep.transports import Transport

__all__ = ["FaultSpec", "Wsdl", "fault_envelope", "ns"]

ns = {
    "xta": "http://xoev.de/transport/xta/211",
    "osci": "http://www.osci.eu/ws/2008/05/transport",
    "meta": "http://www.osci.eu/ws/2014/10/transport",
    "wsa": "http://www.w3.org/2005/08/addressing",
    "s": "http://www.w3.org/2003/05/soap-envelope",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class _LocalFiles(Transport):
    def __init__(self, root: Path) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.root = root

    def load(self, url: str) -> bytes:
        path = Path(url.removeprefix("file://")).resolve()
        if "://" in url.removeprefix("file://") or not path.is_relative_to(self.root):
            raise ValueError("the XTA peer loads its WSDL offline")
        return path.read_bytes()


class Wsdl:
    """Operations by WS-A action, each with its binding (port) and zeep operation."""

    def __init__(self, xta_folder: Path) -> None:
        root = xta_folder.resolve()
        self.client = Client(  # type: ignore[no-untyped-call]
            str(root / "XTA.wsdl"), transport=_LocalFiles(root),
                             settings=Settings(strict=True, forbid_dtd=True, forbid_entities=True,
                                               forbid_external=True))
        self.by_action: dict[str, tuple[str, Any]] = {}
        for service in self.client.wsdl.services.values():
            for port in service.ports.values():
                for operation in port.binding._operations.values():
                    self.by_action[operation.abstract.wsa_action or operation.soapaction] = (port.name, operation)

    def element(self, qname: str) -> Any:
        return self.client.get_element(qname)  # type: ignore[no-untyped-call]


class FaultSpec:
    """A fault of the WSDL: detail element (local name) and XTA error code."""

    def __init__(self, exception: str, code: str, name: str, *, sender: bool = True) -> None:
        self.exception, self.code, self.name, self.sender = exception, code, name, sender


def fault_envelope(wsdl: Wsdl | None, reason: str, spec: FaultSpec | None = None,
                   subcode: str | None = None) -> etree._Element:
    """A SOAP 1.2 Fault; with ``spec`` its Detail carries the XTA exception element."""
    s = ns["s"]
    envelope = etree.Element(f"{{{s}}}Envelope", nsmap={"env": s})
    fault = etree.SubElement(etree.SubElement(envelope, f"{{{s}}}Body"), f"{{{s}}}Fault")
    code = etree.SubElement(fault, f"{{{s}}}Code")
    value = etree.SubElement(code, f"{{{s}}}Value")
    value.text = etree.QName(s, "Sender" if spec is None or spec.sender else "Receiver")
    if subcode:
        sub = etree.SubElement(etree.SubElement(code, f"{{{s}}}Subcode"), f"{{{s}}}Value", nsmap={"wsa": ns["wsa"]})
        sub.text = etree.QName(ns["wsa"], subcode)
    text = etree.SubElement(etree.SubElement(fault, f"{{{s}}}Reason"), f"{{{s}}}Text")
    text.set(_XML_LANG, "en")
    text.text = reason
    if spec is not None and wsdl is not None:
        detail = etree.SubElement(fault, f"{{{s}}}Detail")
        element = wsdl.element(f"{{{ns['xta']}}}{spec.exception}")
        element.render(detail, element(errorCode={"code": spec.code, "name": spec.name}))
    return envelope
