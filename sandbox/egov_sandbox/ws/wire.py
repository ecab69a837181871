"""The wire of the Web Services binding (SOAP 1.1): requests in, answers and faults out.

Requests may come plain (``text/xml``) or as an MTOM ``multipart/related`` package, with or
without content (clients differ: some send every call as MTOM). Content is staged to disk as it
arrives: MTOM parts straight from the socket, inline base64 decoded while a plain request is parsed
(``adapter.soap.envelope``). Envelopes are parsed by the project's safe-XML module with a size limit.
Answers are SOAP 1.1 envelopes, and MTOM packages when they carry content (getContentStream).
Faults are the spec's ``cmisFault`` (type, code = the exception's HTTP status of the other bindings,
message) in a SOAP 1.1 Fault, sent with HTTP 500 as SOAP 1.1 asks (an injected or authentication
fault keeps its own status).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree
from werkzeug.wrappers import Request, Response

from adapter.safexml import XmlLimits, XmlRefused, parse_bytes
from adapter.soap.envelope import read_envelope
from adapter.soap.errors import MessageRefused
from adapter.soap.multipart import PartWriter, Source
from adapter.soap.xop import SOAP11, content_type_params, read_xop, xop_package
from egov_sandbox.errors import CmisError, CmisInvalidArgument
from egov_sandbox.store.content import StagedContent
from egov_sandbox.ws.names import CMISM, SOAP, WSSE, m, q, sub

__all__ = ["Incoming", "fault_response", "read_request", "soap_response"]

#: an envelope (or MTOM root part) without content larger than this is refused
MAX_ENVELOPE_BYTES = 16 * 1024 * 1024
#: plain requests up to this size are parsed in one call; larger ones stream (inline content)
SMALL_BYTES = 1024 * 1024
_LIMITS = XmlLimits(max_bytes=MAX_ENVELOPE_BYTES, max_depth=64, max_elements=200_000)
_STREAM = m("stream")


@dataclass
class Incoming:
    envelope: etree._Element
    operation: etree._Element  # the Body's element: cmism:<operation>
    contents: dict[etree._Element, StagedContent] = field(default_factory=dict)


def _parse(data: bytes) -> etree._Element:
    try:
        root: etree._Element = parse_bytes(data, limits=_LIMITS).getroot()
    except XmlRefused as exc:
        raise CmisInvalidArgument(f"the SOAP message is refused: {exc.message}") from None
    return root


def _chunks(stream: Callable[[int], bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    while data := stream(size):
        yield data


def read_request(request: Request, stage: Callable[[], StagedContent]) -> Incoming:
    """The envelope and the staged content of a request (plain, MTOM, inline base64)."""
    media, params = content_type_params(request.content_type or "")

    def opener() -> tuple[PartWriter, StagedContent]:
        staged = stage()
        return staged, staged

    try:
        if media == "multipart/related":
            message = read_xop(request.stream, params, _parse, opener, max_root_bytes=MAX_ENVELOPE_BYTES)
            envelope, contents = message.envelope, message.parts
        elif media in (SOAP11.media_type, "application/soap+xml"):
            length = request.content_length
            if length is not None and length <= SMALL_BYTES:
                envelope, contents = _parse(request.stream.read()), {}
                for element in envelope.iter(_STREAM):  # small inline content
                    if (element.text or "").strip():
                        contents[element] = _decoded(element.text or "", stage())
                        element.text = None
            else:
                message = read_envelope(_chunks(request.stream.read),
                                        lambda tag: opener if tag == _STREAM else None)
                envelope, contents = message.envelope, message.parts
        else:
            raise CmisInvalidArgument("a SOAP 1.1 request is text/xml or an MTOM multipart/related package")
    except MessageRefused as exc:
        raise CmisInvalidArgument(f"the SOAP message is refused: {exc.message}") from None
    if envelope.tag != q(SOAP, "Envelope"):
        raise CmisInvalidArgument("the request is not a SOAP 1.1 envelope")
    body = envelope.find(q(SOAP, "Body"))
    operation = next((c for c in body if isinstance(c.tag, str)), None) if body is not None else None
    if operation is None or not operation.tag.startswith(f"{{{CMISM}}}"):
        raise CmisInvalidArgument("the SOAP Body holds no CMIS operation")
    return Incoming(envelope, operation, contents)


def _decoded(text: str, staged: StagedContent) -> StagedContent:
    try:
        staged.write(base64.b64decode("".join(text.split()), validate=True))
    except (binascii.Error, ValueError):
        raise CmisInvalidArgument("the inline content stream is not valid base64") from None
    return staged


def _envelope(body_child: etree._Element) -> etree._Element:
    envelope = etree.Element(q(SOAP, "Envelope"), nsmap={"soapenv": SOAP})
    etree.SubElement(envelope, q(SOAP, "Body")).append(body_child)
    return envelope


def soap_response(answer: etree._Element, attachments: list[tuple[etree._Element, Source]],
                  status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """The answer in a SOAP 1.1 envelope; an MTOM package when elements carry content."""
    envelope = _envelope(answer)
    if attachments:
        package_headers, body = xop_package(envelope, attachments, SOAP11, domain="egov-sandbox")
        return Response(body, status=status, headers={**(headers or {}), **package_headers},
                        direct_passthrough=True)
    data = etree.tostring(envelope, xml_declaration=True, encoding="utf-8")
    return Response(data, status=status, headers=headers, content_type=SOAP11.content_type())


def fault_response(exc: CmisError, status: int = 500, headers: dict[str, str] | None = None,
                   authentication: bool = False) -> Response:
    """A SOAP 1.1 Fault whose detail is the ``cmisFault`` of ``exc``."""
    fault = etree.Element(q(SOAP, "Fault"), nsmap={"soapenv": SOAP})
    if authentication:  # WS-Security 1.1 §12: the token could not be authenticated
        etree.SubElement(fault, "faultcode", nsmap={"wsse": WSSE}).text = "wsse:FailedAuthentication"
    else:
        sub(fault, "faultcode", "soapenv:Client" if exc.status < 500 else "soapenv:Server")
    sub(fault, "faultstring", exc.message)
    detail = etree.SubElement(sub(fault, "detail"), m("cmisFault"), nsmap={"cmism": CMISM})
    sub(detail, m("type"), exc.name if exc.name != "unauthenticated" else "permissionDenied")
    sub(detail, m("code"), exc.status)
    sub(detail, m("message"), exc.message)
    return soap_response(fault, [], status, headers)
