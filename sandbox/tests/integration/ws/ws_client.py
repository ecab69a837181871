"""A plain zeep client of the sandbox's Web Services binding, built from the official WSDL (offline),
and validation of every answer against ``CMIS-Messaging.xsd``.

Requests are built by zeep from the OASIS ``CMISWS-Service.wsdl``; answers are read raw (plain or MTOM,
parsed here with Python's ``email`` package, not our MIME codec) so the tests see what crossed the wire.
"""

from __future__ import annotations

import base64
import email
import email.policy
import os
from pathlib import Path
from typing import Any

import requests
from lxml import etree
from zeep import Client, Settings
from zeep.transports import Transport
from zeep.wsse.username import UsernameToken

__all__ = ["CMIS", "CMISM", "SOAP", "Answer", "WsClient", "cmis_dir", "messaging_schema", "props"]

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
CMIS = "http://docs.oasis-open.org/ns/cmis/core/200908/"
CMISM = "http://docs.oasis-open.org/ns/cmis/messaging/200908/"
CMISW = "http://docs.oasis-open.org/ns/cmis/ws/200908/"
XOP = "http://www.w3.org/2004/08/xop/include"


def cmis_dir() -> Path:
    shared = Path(os.environ.get("EGOV_SHARED_DIR", Path(__file__).resolve().parents[5] / "shared"))
    return shared / "cmis" / "1.1"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def messaging_schema() -> etree.XMLSchema:
    """``CMIS-Messaging.xsd`` (with its import of ``CMIS-Core.xsd``), from the shared folder."""
    return etree.XMLSchema(etree.parse(str(cmis_dir() / "CMIS-Messaging.xsd"), _parser()))


class _Local(Transport):
    """Loads the WSDL and XSDs from the shared folder only (and posts with a session of our own)."""

    def __init__(self, session: requests.Session) -> None:
        super().__init__(session=session)  # type: ignore[no-untyped-call]

    def load(self, url: str) -> bytes:
        path = Path(url.removeprefix("file://")).resolve()
        assert path.is_relative_to(cmis_dir().resolve()), url
        return path.read_bytes()


class Answer:
    """A raw answer: HTTP status and headers, the SOAP body's element, the MTOM parts by Content-ID."""

    def __init__(self, response: requests.Response) -> None:
        self.status, self.headers = response.status_code, response.headers
        content_type = response.headers.get("Content-Type", "")
        self.parts: dict[str, bytes] = {}
        if content_type.startswith("multipart/related"):
            message = email.message_from_bytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n"
                                               + response.content, policy=email.policy.HTTP)
            assert not message.defects, message.defects
            parts = list(message.iter_parts())
            root = parts[0].get_payload(decode=True)
            self.parts = {p["Content-ID"].strip("<>"): p.get_payload(decode=True) for p in parts[1:]}
        else:
            root = response.content
        self.envelope = etree.fromstring(root, _parser())
        body = self.envelope.find(f"{{{SOAP}}}Body")
        assert body is not None, root[:500]
        self.element = next(c for c in body if isinstance(c.tag, str))

    @property
    def fault(self) -> etree._Element | None:
        """The ``cmisFault`` of a SOAP Fault, else None."""
        if self.element.tag != f"{{{SOAP}}}Fault":
            return None
        return self.element.find(f"detail/{{{CMISM}}}cmisFault")

    def resolved(self) -> etree._Element:
        """The body element as its own document, each ``xop:Include`` replaced by its part in base64."""
        copy = etree.fromstring(etree.tostring(self.element), _parser())
        for include in list(copy.iter(f"{{{XOP}}}Include")):
            parent = include.getparent()
            assert parent is not None
            data = self.parts[include.get("href", "").removeprefix("cid:")]
            parent.remove(include)
            parent.text = base64.b64encode(data).decode()
        return copy


class WsClient:
    """zeep service proxies for every port of the WSDL, at the sandbox's endpoints."""

    def __init__(self, ws_url: str, user: str = "admin", password: str = "admin", *, wsse: bool = True,
                 basic: bool = False) -> None:
        self.session = requests.Session()
        if basic:
            self.session.auth = (user, password)
        self.client = Client(str(cmis_dir() / "CMISWS-Service.wsdl"), transport=_Local(self.session),  # type: ignore[no-untyped-call]
                             settings=Settings(strict=True, forbid_dtd=True, forbid_entities=True,
                                               forbid_external=True),
                             wsse=UsernameToken(user, password) if wsse else None)
        self.ws_url = ws_url
        self.services: dict[str, Any] = {}
        for service in self.client.wsdl.services.values():
            for port in service.ports.values():
                self.services[service.name] = self.client.create_service(  # type: ignore[no-untyped-call]
                    port.binding.name, f"{ws_url}/{service.name}")

    def service_of(self, operation: str) -> Any:
        for proxy in self.services.values():
            if operation in proxy._binding._operations:
                return proxy
        raise KeyError(operation)

    def call(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        """The operation's result as zeep reads it (faults raise ``zeep.exceptions.Fault``)."""
        return getattr(self.service_of(operation), operation)(*args, **kwargs)

    def raw(self, operation: str, *args: Any, **kwargs: Any) -> Answer:
        """The operation's answer as it crossed the wire."""
        with self.client.settings(raw_response=True):
            return Answer(getattr(self.service_of(operation), operation)(*args, **kwargs))

    def envelope(self, operation: str, *args: Any, **kwargs: Any) -> etree._Element:
        """The request envelope zeep builds (WS-Security header included)."""
        proxy = self.service_of(operation)
        envelope, _headers = proxy._binding._create(operation, args, kwargs, client=self.client,
                                                    options=proxy._binding_options)
        return envelope  # type: ignore[no-any-return]


def props(**values: Any) -> dict[str, Any]:
    """A ``cmisPropertiesType`` for zeep: ``props(**{"cmis:name": "a"})`` (ids typed by the usual suffix)."""
    out = []
    for pid, value in values.items():
        kind = ("propertyId" if pid in ("cmis:objectTypeId", "cmis:secondaryObjectTypeIds") else
                "propertyBoolean" if isinstance(value, bool) else
                "propertyInteger" if isinstance(value, int) else "propertyString")
        listed = value if isinstance(value, list) else [value]
        out.append({kind: {"propertyDefinitionId": pid, "value": [str(v).lower() if isinstance(v, bool) else v
                                                                   for v in listed]}})
    return {"_value_1": out}

