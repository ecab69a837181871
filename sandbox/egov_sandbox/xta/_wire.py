"""The peer's wire: read a SOAP 1.2 request (plain or MTOM) into an envelope and files, write answers.

Requests are parsed with the product's hardened parser (``adapter.safexml``); MTOM attachments stream to files and their
``xop:Include`` are remembered by element. Answers are zeep/lxml-built envelopes, sent plain or as
``multipart/related`` with the content of marked elements streamed from files. The MIME codec and the
XOP packaging are the project's SOAP plumbing (``adapter.soap``); the tests parse captured bodies with
Python's ``email`` package instead.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from adapter.safexml import hardened_parser
from adapter.soap.errors import MessageRefused
from adapter.soap.multipart import Readable
from adapter.soap.xop import SOAP12, content_type_params, read_xop, xop_package

__all__ = ["Incoming", "parse_request", "render_response"]



@dataclass
class Incoming:
    envelope: etree._Element
    files: dict[etree._Element, Path] = field(default_factory=dict)  # element whose content is a file
    raw_head: bytes = b""


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
    media, params = content_type_params(content_type)
    capture = _Capture(stream, capture_limit)
    if media != "multipart/related":
        return Incoming(_parse(capture.read()), raw_head=bytes(capture.head))
    handles: list[Any] = []

    def open_attachment() -> tuple[Any, Path]:
        path = new_file()
        handles.append(path.open("xb"))
        return handles[-1], path

    try:
        message = read_xop(capture, params, _parse, open_attachment)
    except MessageRefused as exc:
        raise ValueError(exc.message) from None
    finally:
        for handle in handles:
            handle.close()
    return Incoming(message.envelope, message.parts, raw_head=bytes(capture.head))


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, hardened_parser())


def render_response(envelope: etree._Element, files: dict[etree._Element, Path], action: str,
                    mtom: bool) -> tuple[dict[str, str], Any]:
    """HTTP headers and a body iterable: MTOM with ``files`` as parts, or inline base64."""
    if not files or not mtom:
        for element, path in files.items():
            element.text = base64.b64encode(path.read_bytes()).decode()
        body = etree.tostring(envelope, xml_declaration=True, encoding="utf-8")
        return {"Content-Type": SOAP12.content_type(action), "Content-Length": str(len(body))}, [body]
    headers, package = xop_package(envelope, list(files.items()), SOAP12, action, domain="xta-peer")
    return headers, package
