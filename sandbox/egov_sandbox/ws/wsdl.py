"""The official ``CMISWS-Service.wsdl`` and its XSDs, served with the sandbox's own addresses.

``GET /cmis/ws?wsdl`` answers the OASIS WSDL (CMIS 1.1) read from the shared standards folder (the
sandbox's ``cmis_dir``; it is never copied into the project), with every ``soap:address`` rewritten to
``<base>/cmis/ws/<Service>`` and the schema imports to ``<base>/cmis/ws?xsd=<file>``, which answers
``CMIS-Core.xsd`` and ``CMIS-Messaging.xsd`` the same way (as JAX-WS servers publish theirs). A client
can so build itself from the live WSDL; our connector reads the files offline instead.
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from adapter.safexml import XmlRefused, parse_file
from egov_sandbox.errors import CmisObjectNotFound, CmisRuntime

__all__ = ["SCHEMAS", "WSDL_FILE", "Documents"]

WSDL_FILE = "CMISWS-Service.wsdl"
SCHEMAS = ("CMIS-Core.xsd", "CMIS-Messaging.xsd")
_WSDL = "http://schemas.xmlsoap.org/wsdl/"
_WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
_XS = "http://www.w3.org/2001/XMLSchema"


class Documents:
    """The WSDL and XSDs of one folder, parsed once, rewritten per base URL."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._parsed: dict[str, etree._Element] = {}
        self._lock = threading.Lock()

    def _original(self, name: str) -> etree._Element:
        with self._lock:
            if name not in self._parsed:
                path = (self.folder / name) if self.folder is not None else None
                if path is None or not path.is_file():
                    raise CmisRuntime(f"the sandbox's Web Services binding needs the OASIS CMIS 1.1 files "
                                      f"({WSDL_FILE}, {', '.join(SCHEMAS)}) in its cmis_dir, "
                                      f"{self.folder or 'not set'}")
                try:
                    self._parsed[name] = parse_file(path).getroot()
                except XmlRefused as exc:
                    raise CmisRuntime(f"{name} cannot be read: {exc.message}") from None
            return copy.deepcopy(self._parsed[name])

    def wsdl(self, base: str) -> bytes:
        """The WSDL with the endpoints and schema locations of the sandbox at ``base`` (…/cmis/ws)."""
        root = self._original(WSDL_FILE)
        for port in root.iter(f"{{{_WSDL}}}port"):
            service = port.getparent()
            address = port.find(f"{{{_WSDL_SOAP}}}address")
            if address is not None and service is not None:
                address.set("location", f"{base}/{service.get('name')}")
        self._schema_locations(root, base)
        return etree.tostring(root, xml_declaration=True, encoding="utf-8")  # type: ignore[no-any-return]

    def schema(self, name: str, base: str) -> bytes:
        if name not in SCHEMAS:
            raise CmisObjectNotFound(f"no schema {name!r} here (only {', '.join(SCHEMAS)})")
        root = self._original(name)
        self._schema_locations(root, base)
        return etree.tostring(root, xml_declaration=True, encoding="utf-8")  # type: ignore[no-any-return]

    @staticmethod
    def _schema_locations(root: etree._Element, base: str) -> None:
        for tag in (f"{{{_XS}}}import", f"{{{_XS}}}include"):
            for ref in root.iter(tag):
                location = ref.get("schemaLocation")
                if location in SCHEMAS:
                    ref.set("schemaLocation", f"{base}?xsd={quote(location)}")
