"""XOP packaging of SOAP messages, for SOAP 1.1 and 1.2: out as ``multipart/related`` or inline base64, in
from ``multipart/related``.

The SOAP version is a parameter (``SOAP11``: ``text/xml`` with a ``SOAPAction`` header, as CMIS Web
Services speak; ``SOAP12``: ``application/soap+xml`` with the action as a media type parameter, as
XTA 2 speaks), never a second copy of the code.

- ``xop_package`` turns elements whose content is a file or ``Source`` into ``xop:Include`` references
  and returns the headers and the streamed body (parts read from disk while sending).
- ``inline_body`` is the fallback without MTOM: the content is base64-encoded into the envelope while
  it is sent, so memory stays bounded by one chunk here too; the length is exact.
- ``read_xop`` reads a ``multipart/related`` message: the root part into memory (bounded), every
  other part into a writer the caller opens (a spool file, a staged upload); it returns the parsed
  envelope and, per element that held an ``xop:Include``, what the caller's writer stood for.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Generic, TypeVar
from urllib.parse import unquote

from lxml import etree

from adapter.soap.errors import MessageRefused
from adapter.soap.multipart import CHUNK, MultipartBody, Part, PartReader, PartWriter, Readable, Source, new_boundary

__all__ = ["INCLUDE", "SOAP11", "SOAP12", "XOP", "XOP_MEDIA", "InlineBody", "Parse", "SoapVersion", "XopMessage",
           "content_type_params", "inline_body", "read_xop", "xop_package"]

XOP = "http://www.w3.org/2004/08/xop/include"
XOP_MEDIA = "application/xop+xml"
INCLUDE = f"{{{XOP}}}Include"

#: the project's safe parser for SOAP envelopes (the caller passes it: this package configures none)
Parse = Callable[[bytes], etree._Element]
T = TypeVar("T")


@dataclass(frozen=True)
class SoapVersion:
    """What differs on the wire between SOAP 1.1 and 1.2."""

    name: str
    envelope: str  # namespace of Envelope, Header, Body, Fault
    media_type: str
    action_parameter: bool  # the action travels as a media type parameter (1.2), else in SOAPAction (1.1)

    def content_type(self, action: str | None = None) -> str:
        """Content-Type of a plain (non-MTOM) message."""
        suffix = f'; action="{action}"' if action and self.action_parameter else ""
        return f"{self.media_type}; charset=utf-8{suffix}"

    def start_info(self, action: str | None = None) -> str:
        """The ``type`` of the XOP root part and the ``start-info`` of the package."""
        return self.media_type + (f'; action="{action}"' if action and self.action_parameter else "")


SOAP11 = SoapVersion("1.1", "http://schemas.xmlsoap.org/soap/envelope/", "text/xml", False)
SOAP12 = SoapVersion("1.2", "http://www.w3.org/2003/05/soap-envelope", "application/soap+xml", True)


def content_type_params(value: str) -> tuple[str, dict[str, str]]:
    """Media type and parameters of a Content-Type header."""
    msg = Message()
    msg["content-type"] = value
    params = {str(k).lower(): str(v) for k, v in (msg.get_params() or [])[1:]}
    return msg.get_content_type(), params


def _serialize(envelope: etree._Element) -> bytes:
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")  # type: ignore[no-any-return]


def xop_package(envelope: etree._Element, attachments: Sequence[tuple[etree._Element, Path | Source]],
                soap: SoapVersion, action: str | None = None, *, domain: str = "egov-adapter",
                chunk_size: int = CHUNK) -> tuple[dict[str, str], MultipartBody]:
    """An MTOM message: each element's content becomes an ``xop:Include`` and a part of its own."""
    parts: list[Part] = []
    for element, data in attachments:
        cid = f"{secrets.token_hex(12)}@{domain}"
        element.text = None
        etree.SubElement(element, INCLUDE, nsmap={"xop": XOP}).set("href", f"cid:{cid}")
        parts.append(Part((("Content-Type", "application/octet-stream"), ("Content-Transfer-Encoding", "binary"),
                           ("Content-ID", f"<{cid}>")), data))
    start, start_info = f"<root.message@{domain}>", soap.start_info(action)
    root = Part((("Content-Type", f'{XOP_MEDIA}; charset=UTF-8; type="{start_info}"'),
                 ("Content-Transfer-Encoding", "binary"), ("Content-ID", start)), _serialize(envelope))
    boundary = new_boundary()
    body = MultipartBody([root, *parts], boundary, chunk_size)
    content_type = (f'multipart/related; type="{XOP_MEDIA}"; start="{start}"; start-info="{start_info}"; '
                    f'boundary="{boundary}"')
    return {"Content-Type": content_type, "Content-Length": str(len(body))}, body


class InlineBody:
    """An envelope whose base64Binary contents are encoded while it is read (exact ``len``)."""

    def __init__(self, segments: list[bytes | Path | Source], chunk_size: int = CHUNK) -> None:
        self._segments = segments
        self._chunk = max(3, chunk_size - chunk_size % 3)  # whole base64 quanta per chunk
        self._length = sum(len(s) if isinstance(s, bytes) else 4 * -(-_size(s) // 3) for s in segments)
        self._chunks = self._iterate()

    def __len__(self) -> int:
        return self._length

    def _iterate(self) -> Iterator[bytes]:
        for segment in self._segments:
            if isinstance(segment, bytes):
                yield segment
                continue
            with segment.open("rb") if isinstance(segment, Path) else segment.open() as handle:
                left = _size(segment)
                while left > 0 and (chunk := handle.read(min(self._chunk, left))):
                    left -= len(chunk)
                    yield base64.b64encode(chunk)
            if left:
                raise OSError("content shorter than announced")

    def read(self, size: int = -1) -> bytes:
        return next(self._chunks, b"")

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.read, b"")


def _size(data: Path | Source) -> int:
    return data.stat().st_size if isinstance(data, Path) else data.size


def inline_body(envelope: etree._Element, attachments: Sequence[tuple[etree._Element, Path | Source]],
                chunk_size: int = CHUNK) -> InlineBody:
    """The envelope with each element's content inlined as base64, streamed (no MTOM)."""
    markers: list[tuple[bytes, Path | Source]] = []
    for element, data in attachments:
        marker = f"XOPINLINE{secrets.token_hex(16)}"
        element.text = marker
        markers.append((marker.encode(), data))
    raw = _serialize(envelope)
    segments: list[bytes | Path | Source] = []
    for token, data in markers:
        before, _, raw = raw.partition(token)
        segments += [before, data]
    segments.append(raw)
    return InlineBody(segments, chunk_size)


@dataclass
class XopMessage(Generic[T]):
    """A read MTOM message: the envelope, and per element that held an ``xop:Include`` its part."""

    envelope: etree._Element
    parts: dict[etree._Element, T]


def read_xop(stream: Readable, params: dict[str, str], parse: Parse,
             open_attachment: Callable[[], tuple[PartWriter, T]], *, max_root_bytes: int = 16 * 1024 * 1024,
             chunk_size: int = CHUNK) -> XopMessage[T]:
    """Read a ``multipart/related`` message (``params`` of its Content-Type, ``content_type_params``):
    the root part parsed, the other parts into ``open_attachment()``'s writers.

    The ``xop:Include`` elements are removed; an include whose part is missing is refused.
    """
    if "boundary" not in params:
        raise MessageRefused("multipart/related message without a boundary")
    start = params.get("start", "").strip().strip("<>")
    reader = PartReader(stream, params["boundary"], chunk_size)
    root: bytearray | None = None
    by_cid: dict[str, T] = {}
    while (headers := reader.next_part()) is not None:
        cid = headers.get("content-id", "").strip().strip("<>")
        if root is None and (not start or cid == start):
            root = bytearray()
            for chunk in reader.chunks():
                root.extend(chunk)
                if len(root) > max_root_bytes:
                    raise MessageRefused("SOAP root part larger than the limit", detail={"limit": max_root_bytes})
            continue
        writer, handle = open_attachment()
        for chunk in reader.chunks():
            writer.write(chunk)
        by_cid[cid] = handle
    if root is None:
        raise MessageRefused("multipart/related message without its root part")
    envelope = parse(bytes(root))
    found: dict[etree._Element, T] = {}
    for include in list(envelope.iter(INCLUDE)):
        href = include.get("href", "")
        parent = include.getparent()
        handle_of = by_cid.get(_cid(href))
        if parent is None or handle_of is None:
            raise MessageRefused("xop:Include without its MIME part", detail={"href": href[:100]})
        parent.remove(include)
        found[parent] = handle_of
    return XopMessage(envelope, found)


def _cid(href: str) -> str:
    return unquote(href[4:]) if href.startswith("cid:") else ""

