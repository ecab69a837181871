"""Request bodies of the AtomPub binding, built with lxml element APIs (never as strings).

``StreamedEntry`` is how a document is created: one POST of an Atom entry carrying the properties
in ``cmisra:object`` and the file inline as ``cmisra:content/cmisra:base64`` (§3.5.2.1, §3.8.3.1).
The entry is serialized once around a marker; the base64 between head and tail is generated from
the file chunk by chunk while the request is sent, so memory stays at one chunk and the request
has an exact Content-Length (no chunked encoding that some DMS proxies refuse).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import BinaryIO
from uuid import uuid4

from lxml import etree

from adapter.dms.cmis_atom.names import ATOM, CMIS, CMISRA, NSMAP, q
from adapter.domain.errors import IntegrityError
from adapter.ports.dms import ContentSource

__all__ = ["CHUNK", "StreamedEntry", "object_entry", "query_document", "serialize"]

CHUNK = 3 * 256 * 1024  # bytes of file per base64 block (a multiple of 3: no padding mid-stream)


def object_entry(title: str | None, properties: Sequence[etree._Element]) -> etree._Element:
    """An Atom entry with ``cmisra:object/cmis:properties`` (what create, update and move send)."""
    entry = etree.Element(q(ATOM, "entry"), nsmap=NSMAP)
    etree.SubElement(entry, q(ATOM, "id")).text = f"urn:uuid:{uuid4()}"
    if title is not None:  # an update without a title: some servers take atom:title as cmis:name
        etree.SubElement(entry, q(ATOM, "title")).text = title
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    etree.SubElement(entry, q(ATOM, "updated")).text = now
    holder = etree.SubElement(etree.SubElement(entry, q(CMISRA, "object")), q(CMIS, "properties"))
    holder.extend(properties)
    return entry


def serialize(element: etree._Element) -> bytes:
    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8"))


def query_document(statement: str, max_items: int, skip: int) -> bytes:
    """A ``cmis:query`` document (§3.3.2), elements in the schema's order."""
    root = etree.Element(q(CMIS, "query"), nsmap={"cmis": CMIS})
    for name, text in (("statement", statement), ("searchAllVersions", "false"),
                       ("includeAllowableActions", "false"), ("includeRelationships", "none"),
                       ("renditionFilter", "cmis:none"), ("maxItems", str(max_items)),
                       ("skipCount", str(skip))):
        etree.SubElement(root, q(CMIS, name)).text = text
    return serialize(root)


def _read_full(stream: BinaryIO, size: int) -> bytes:
    parts, left = [], size
    while left > 0:
        block = stream.read(left)
        if not block:
            break
        parts.append(block)
        left -= len(block)
    return b"".join(parts)


class StreamedEntry:
    """An entry with the file inline; iterable once per request, ``len()`` is the exact body size."""

    def __init__(self, entry: etree._Element, content: ContentSource, chunk: int = CHUNK) -> None:
        marker = uuid4().hex
        inline = etree.Element(q(CMISRA, "content"))
        etree.SubElement(inline, q(CMISRA, "mediatype")).text = content.media_type
        etree.SubElement(inline, q(CMISRA, "base64")).text = marker
        entry.insert(entry.index(entry.find(q(CMISRA, "object"))), inline)
        parts = serialize(entry).split(marker.encode())
        if len(parts) != 2:
            raise ValueError("the entry's marker is not unique")
        self._head, self._tail = parts
        self._content, self._chunk = content, chunk
        self._length = len(self._head) + 4 * ((content.size + 2) // 3) + len(self._tail)

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[bytes]:
        yield self._head
        left = self._content.size
        with self._content.open() as stream:
            while left > 0:
                block = _read_full(stream, min(self._chunk, left))
                if not block:
                    break
                left -= len(block)
                yield base64.b64encode(block)
            if left or stream.read(1):
                raise IntegrityError("the file changed size while it was uploaded",
                                     detail={"expected_size": self._content.size})
        yield self._tail
