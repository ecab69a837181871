"""Reading request bodies safely: Atom entries streamed through a parser target, query documents.

An entry is fed to lxml chunk by chunk; the parser target keeps only what CMIS needs (title,
``cmisra:object`` properties, ``cmisra:content``) and decodes ``cmisra:base64`` straight into a
staged content file, so memory stays bounded by one chunk whatever the document's size. Everything
outside the base64 text is capped (``MAX_TEXT``, ``MAX_ELEMENTS``). No DTD, no entities, no network.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from lxml import etree

from adapter.safexml import hardened_parser
from egov_sandbox.atom.names import ATOM, CMIS, CMISRA, q
from egov_sandbox.atom.props import KIND_OF
from egov_sandbox.errors import CmisInvalidArgument
from egov_sandbox.store.content import StagedContent

__all__ = ["MAX_TEXT", "EntryInput", "QueryInput", "chunks", "read_entry", "read_query"]

MAX_TEXT = 4 * 1024 * 1024  # characters outside cmisra:base64
MAX_ELEMENTS = 100_000
MAX_QUERY_BYTES = 1024 * 1024
CHUNK = 64 * 1024

_ENTRY, _TITLE = q(ATOM, "entry"), q(ATOM, "title")
_OBJECT, _PROPERTIES, _VALUE = q(CMISRA, "object"), q(CMIS, "properties"), q(CMIS, "value")
_CONTENT, _MEDIATYPE, _BASE64 = q(CMISRA, "content"), q(CMISRA, "mediatype"), q(CMISRA, "base64")


@dataclass
class EntryInput:
    title: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)  # id -> wire string, list, or None
    mediatype: str | None = None
    content: StagedContent | None = None


def chunks(stream: IO[bytes], size: int = CHUNK) -> Iterator[bytes]:
    while True:
        data = stream.read(size)
        if not data:
            return
        yield data


def _parser(**kw: Any) -> etree.XMLParser:
    """The product's hardened parser (``adapter.safexml``), with this body's options (``target=``)."""
    return hardened_parser(**kw)


class _EntryTarget:
    def __init__(self, stage: Callable[[], StagedContent]) -> None:
        self.out = EntryInput()
        self._stage = stage
        self._stack: list[str] = []
        self._text: list[str] = []
        self._budget = MAX_TEXT
        self._elements = 0
        self._prop: tuple[str, list[str]] | None = None
        self._rest = ""

    def doctype(self, *_args: object) -> None:
        raise CmisInvalidArgument("a DOCTYPE is not allowed in a request body")

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self._elements += 1
        if self._elements > MAX_ELEMENTS:
            raise CmisInvalidArgument("the request body has too many elements")
        if not self._stack and tag != _ENTRY:
            raise CmisInvalidArgument("the request body must be an Atom entry (atom:entry)")
        parents = self._stack[-3:]
        if (parents == [_ENTRY, _OBJECT, _PROPERTIES] and tag.startswith(f"{{{CMIS}}}")
                and tag[len(CMIS) + 2:] in KIND_OF):
            pid = attrib.get("propertyDefinitionId")
            if not pid:
                raise CmisInvalidArgument("a property element lacks propertyDefinitionId")
            self._prop = (pid, [])
        elif tag == _BASE64 and self._stack[-2:] == [_ENTRY, _CONTENT]:
            self.out.content = self._stage()
        self._stack.append(tag)
        self._text = []

    def data(self, text: str) -> None:
        if self._stack[-1:] == [_BASE64] and self.out.content is not None:
            self._decode("".join(text.split()))
            return
        self._budget -= len(text)
        if self._budget < 0:
            raise CmisInvalidArgument("the request body has too much text outside cmisra:base64")
        self._text.append(text)

    def _decode(self, text: str, final: bool = False) -> None:
        text = self._rest + text
        cut = len(text) if final else len(text) - len(text) % 4
        self._rest = text[cut:]
        try:
            data = base64.b64decode(text[:cut], validate=True)
        except (binascii.Error, ValueError):
            raise CmisInvalidArgument("cmisra:base64 is not valid base64") from None
        if data:
            assert self.out.content is not None
            self.out.content.write(data)

    def end(self, tag: str) -> None:
        text = "".join(self._text)
        self._stack.pop()
        if tag == _BASE64 and self.out.content is not None and self._stack[-2:] == [_ENTRY, _CONTENT]:
            self._decode("", final=True)
        elif tag == _MEDIATYPE and self._stack[-2:] == [_ENTRY, _CONTENT]:
            self.out.mediatype = text.strip()
        elif tag == _TITLE and self._stack == [_ENTRY]:
            self.out.title = text
        elif tag == _VALUE and self._prop is not None and len(self._stack) == 4:
            self._prop[1].append(text)
        elif self._prop is not None and len(self._stack) == 3:
            pid, values = self._prop
            self.out.properties[pid] = values[0] if len(values) == 1 else (values or None)
            self._prop = None
        self._text = []

    def close(self) -> EntryInput:
        return self.out


def read_entry(stream: IO[bytes], stage: Callable[[], StagedContent]) -> EntryInput:
    """Parse an Atom entry from ``stream``; inline content goes to ``stage()`` (caller discards it on error)."""
    target = _EntryTarget(stage)
    parser = _parser(target=target)
    try:
        for chunk in chunks(stream):
            parser.feed(chunk)
        result: EntryInput = parser.close()
    except etree.XMLSyntaxError as exc:
        raise CmisInvalidArgument(f"the request body is not well-formed XML: {exc.msg}") from None
    return result


@dataclass(frozen=True)
class QueryInput:
    statement: str
    search_all_versions: bool
    include_allowable_actions: bool
    max_items: int | None
    skip: int


def _xs_value(root: etree._Element, name: str, kind: type) -> Any:
    el = root.find(q(CMIS, name))
    if el is None or not (el.text or "").strip():
        return None
    raw = (el.text or "").strip()
    if kind is bool:
        if raw not in ("true", "false", "1", "0"):
            raise CmisInvalidArgument(f"cmis:{name} must be an xs:boolean")
        return raw in ("true", "1")
    try:
        number = int(raw)
    except ValueError:
        raise CmisInvalidArgument(f"cmis:{name} must be an xs:integer") from None
    if number < 0:
        raise CmisInvalidArgument(f"cmis:{name} must not be negative")
    return number


def read_query(stream: IO[bytes]) -> QueryInput:
    """Parse a ``cmis:query`` document (§3.3.2) of at most ``MAX_QUERY_BYTES``."""
    body = stream.read(MAX_QUERY_BYTES + 1)
    if len(body) > MAX_QUERY_BYTES:
        raise CmisInvalidArgument(f"a query document may have at most {MAX_QUERY_BYTES} bytes")
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as exc:
        raise CmisInvalidArgument(f"the query document is not well-formed XML: {exc.msg}") from None
    if root.getroottree().docinfo.doctype:
        raise CmisInvalidArgument("a DOCTYPE is not allowed in a request body")
    if root.tag != q(CMIS, "query"):
        raise CmisInvalidArgument("the request body must be a cmis:query document")
    statement = root.findtext(q(CMIS, "statement"))
    if not statement or not statement.strip():
        raise CmisInvalidArgument("cmis:statement is required")
    return QueryInput(statement, bool(_xs_value(root, "searchAllVersions", bool)),
                      bool(_xs_value(root, "includeAllowableActions", bool)),
                      _xs_value(root, "maxItems", int), _xs_value(root, "skipCount", int) or 0)
