"""Request bodies: the streamed entry is exact in length, well-formed and carries the file intact."""

from __future__ import annotations

import base64
import hashlib
import io
import os
from dataclasses import dataclass
from typing import BinaryIO

import pytest
from lxml import etree

from adapter.dms._properties import property_element
from adapter.dms.cmis_atom.bodies import StreamedEntry, object_entry, query_document
from adapter.dms.cmis_atom.names import ATOM, CMIS, CMISRA, q
from adapter.domain.errors import IntegrityError


@dataclass
class _Bytes:
    data: bytes
    size: int
    name: str = "a.pdf"
    media_type: str = "application/pdf"
    sha256: str = ""

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data)


@pytest.mark.parametrize("size", [0, 1, 2, 3, 1000, 3 * 1024 + 1])
def test_streamed_entry_is_exact_and_decodes_to_the_file(size: int) -> None:
    """len() is the byte count sent; the entry parses; its base64 is the file; properties are kept."""
    data = os.urandom(size)
    name = property_element("cmis:name", "Akte <1> & 2", "string")
    body = StreamedEntry(object_entry("Akte <1> & 2", [name]), _Bytes(data, size), chunk=3 * 100)
    sent = b"".join(body)
    assert len(sent) == len(body)
    root = etree.fromstring(sent)
    assert base64.b64decode(root.findtext(f"{q(CMISRA, 'content')}/{q(CMISRA, 'base64')}") or "") == data
    assert root.findtext(f"{q(CMISRA, 'content')}/{q(CMISRA, 'mediatype')}") == "application/pdf"
    assert root.findtext(q(ATOM, "title")) == "Akte <1> & 2"
    assert hashlib.sha256(data).digest() == hashlib.sha256(base64.b64decode(
        root.findtext(f"{q(CMISRA, 'content')}/{q(CMISRA, 'base64')}") or "")).digest()


@pytest.mark.parametrize("actual", [b"kurz", b"viel zu lang!"])
def test_a_file_that_changes_size_is_an_integrity_error(actual: bytes) -> None:
    """A file shorter or longer than announced is refused instead of sending a wrong Content-Length."""
    body = StreamedEntry(object_entry("x", []), _Bytes(actual, 8))
    with pytest.raises(IntegrityError):
        b"".join(body)


def test_update_entry_has_no_title_and_query_document_has_schema_order() -> None:
    """An update sends no atom:title (not read as a rename); the query document lists its fields in order."""
    entry = object_entry(None, [])
    assert entry.find(q(ATOM, "title")) is None
    root = etree.fromstring(query_document("SELECT * FROM ea:akte", 100, 200))
    assert [etree.QName(e).localname for e in root] == [
        "statement", "searchAllVersions", "includeAllowableActions", "includeRelationships",
        "renditionFilter", "maxItems", "skipCount"]
    assert root.tag == q(CMIS, "query") and root.findtext(q(CMIS, "skipCount")) == "200"
