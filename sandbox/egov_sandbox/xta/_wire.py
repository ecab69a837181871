"""The peer's wire: read a SOAP 1.2 request (plain or MTOM) into an envelope and files, write answers.

Requests are parsed with the product's hardened parser (``adapter.safexml``); MTOM attachments stream to files and their
``xop:Include`` are remembered by element. Answers are zeep/lxml-built envelopes, sent plain or as
``multipart/related`` with the content of marked elements streamed from files. The MIME codec is the
transport package's; the tests parse captured bodies with Python's ``email`` package instead.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

from lxml import etree

from adapter.safexml import hardened_parser
from adapter.soap.multipart import MultipartBody, Part, Readable, new_boundary, read_parts

__all__ = ["SOAP12", "XOP", "Incoming", "parse_request", "render_response"]

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
XOP = "http://www.w3.org/2004/08/xop/include"


@dataclass
class Incoming:
    envelope: etree._Element
    files: dict[etree._Element, Path] = field(default_factory=dict)  # element whose content is a file
    raw_head: bytes = b""


def _params(value: str) -> tuple[str, dict[str, str]]:
    msg = Message()
    msg["content-type"] = value
    return msg.get_content_type(), {str(k).lower(): str(v) for k, v in (msg.get_params() or [])[1:]}


class _Capture:
    def __init__(self, stream: Readable, limit: int) -> None:
        self.stream, self.limit, self.head = stream, limit, bytearray()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        if len(self.head) < self.limit:
            self.head.extend(data[: self.limit - len(self.head)])
        return bytes(data)


def parse_request(stream: Readable, content_type: str, new_file: Any, capture_limit: int = 1 << 20) -> Incoming:
    """Envelope and attachment files of a request body (ValueError if it is not SOAP)."""
    media, params = _params(content_type)
    capture = _Capture(stream, capture_limit)
    if media != "multipart/related":
        envelope = etree.fromstring(capture.read(), hardened_parser())
        return Incoming(envelope, raw_head=bytes(capture.head))
    parts: list[tuple[str, Any]] = []

    def open_part(headers: dict[str, str]) -> Any:
        cid = headers.get("content-id", "").strip("<>")
        if not parts:
            parts.append((cid, bytearray()))
            return _Append(parts[0][1])
        path = new_file()
        handle = path.open("xb")
        parts.append((cid, (path, handle)))
        return handle

    try:
        read_parts(capture, params["boundary"], open_part)
    finally:
        for _cid, value in parts[1:]:
            value[1].close()
    envelope = etree.fromstring(bytes(parts[0][1]), hardened_parser())
    by_cid = {cid: value[0] for cid, value in parts[1:]}
    incoming = Incoming(envelope, raw_head=bytes(capture.head))
    for include in envelope.iter(f"{{{XOP}}}Include"):
        path = by_cid.get(include.get("href", "").removeprefix("cid:"))
        parent = include.getparent()
        if path is None or parent is None:
            raise ValueError("xop:Include without its MIME part")
        incoming.files[parent] = path
    return incoming


class _Append:
    def __init__(self, target: bytearray) -> None:
        self.target = target

    def write(self, data: bytes) -> int:
        self.target.extend(data)
        return len(data)


def render_response(envelope: etree._Element, files: dict[etree._Element, Path], action: str,
                    mtom: bool) -> tuple[dict[str, str], Any]:
    """HTTP headers and a body iterable: MTOM with ``files`` as parts, or inline base64."""
    start_info = f'application/soap+xml; action="{action}"'
    if not files or not mtom:
        for element, path in files.items():
            element.text = base64.b64encode(path.read_bytes()).decode()
        body = etree.tostring(envelope, xml_declaration=True, encoding="utf-8")
        return {"Content-Type": f"{start_info}; charset=utf-8", "Content-Length": str(len(body))}, [body]
    parts = []
    for element, path in files.items():
        cid = f"{uuid.uuid4().hex}@xta-peer"
        element.text = None
        etree.SubElement(element, f"{{{XOP}}}Include", nsmap={"xop": XOP}).set("href", f"cid:{cid}")
        parts.append(Part((("Content-Type", "application/octet-stream"), ("Content-Transfer-Encoding", "binary"),
                           ("Content-ID", f"<{cid}>")), path))
    root = Part((("Content-Type", f'application/xop+xml; charset=UTF-8; type="{start_info}"'),
                 ("Content-Transfer-Encoding", "binary"), ("Content-ID", "<root@xta-peer>")),
                etree.tostring(envelope, xml_declaration=True, encoding="utf-8"))
    boundary = new_boundary()
    body_stream = MultipartBody([root, *parts], boundary)
    headers = {"Content-Type": f'multipart/related; type="application/xop+xml"; start="<root@xta-peer>"; '
                               f'start-info="{start_info}"; boundary="{boundary}"',
               "Content-Length": str(len(body_stream))}
    return headers, iter(lambda: body_stream.read(), b"")
