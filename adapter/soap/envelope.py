"""Streamed reading of a SOAP envelope whose base64Binary content is inline (no MTOM), in bounded memory.

A server without MTOM, or a client that sends inline base64, puts the whole content as text into
one element; a document parser would hold it (and its decoded bytes) in memory and libxml2 refuses
text nodes over 10 MB anyway. ``read_envelope`` feeds the bytes chunk by chunk to a parser *target*
that builds the tree (``TreeBuilder``) except for the text of elements the caller diverts: that text
is base64-decoded on the fly into a writer the caller opens (a spool file, a staged upload).

The parser is configured as the safe-XML rules ask (no entities, no DTD loading, no network, no huge
text nodes); a DOCTYPE is refused, and so are more than ``max_elements`` elements, nesting deeper than
``max_depth`` and more than ``max_text`` characters outside diverted elements. Failures are
``MessageRefused`` (an ``InvalidInput``). (A streaming parser with a target is not offered by the
project's safe-XML module yet; when it is, this module should call it.)
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from lxml import etree

from adapter.safexml import hardened_parser
from adapter.soap.errors import MessageRefused
from adapter.soap.multipart import PartWriter
from adapter.soap.xop import XopMessage

__all__ = ["EnvelopeLimits", "Open", "read_envelope"]

T = TypeVar("T")
#: opens the writer for one diverted element's decoded content, and what it stands for
Open = Callable[[], tuple[PartWriter, T]]


@dataclass(frozen=True)
class EnvelopeLimits:
    max_text: int = 16 * 1024 * 1024  # characters outside diverted elements
    max_elements: int = 100_000
    max_depth: int = 64


class _Target(Generic[T]):
    def __init__(self, divert: Callable[[str], Open[T] | None], limits: EnvelopeLimits) -> None:
        self._builder = etree.TreeBuilder()
        self._divert, self._limits = divert, limits
        self._depth = self._elements = self._text = 0
        self._pending: Open[T] | None = None  # the element being diverted (writer not opened yet)
        self._writer: PartWriter | None = None
        self._handle: Any = None
        self._rest = ""
        self.parts: dict[etree._Element, T] = {}
        self.failed: MessageRefused | None = None  # lxml may replace an error raised in a callback

    def _refuse(self, message: str) -> MessageRefused:
        self.failed = MessageRefused(message)
        return self.failed

    def doctype(self, *_args: object) -> None:
        raise self._refuse("a DOCTYPE is not allowed in a SOAP message")

    def start(self, tag: str, attrib: dict[str, str], nsmap: dict[str | None, str] | None = None) -> None:
        self._elements += 1
        self._depth += 1
        if self._elements > self._limits.max_elements or self._depth > self._limits.max_depth:
            raise self._refuse("the SOAP message has too many or too deeply nested elements")
        if self._pending is not None and self._writer is None:
            self._pending = None  # a child element (an xop:Include): not inline content
        self._builder.start(tag, attrib, nsmap) if nsmap else self._builder.start(tag, attrib)
        self._pending = self._divert(tag)

    def data(self, text: str) -> None:
        if self._pending is not None:
            stripped = "".join(text.split())
            if not stripped:
                return
            if self._writer is None:
                self._writer, self._handle = self._pending()
            self._decode(stripped)
            return
        self._text += len(text)
        if self._text > self._limits.max_text:
            raise self._refuse("the SOAP message has too much text outside its content")
        self._builder.data(text)

    def _decode(self, text: str, final: bool = False) -> None:
        text = self._rest + text
        cut = len(text) if final else len(text) - len(text) % 4
        self._rest = text[cut:]
        try:
            data = base64.b64decode(text[:cut], validate=True)
        except (binascii.Error, ValueError):
            raise self._refuse("inline content is not valid base64") from None
        if data and self._writer is not None:
            self._writer.write(data)

    def end(self, tag: str) -> None:
        if self._writer is not None:
            self._decode("", final=True)
        element = self._builder.end(tag)
        if self._writer is not None:
            self.parts[element] = self._handle
        self._pending, self._writer, self._handle, self._rest = None, None, None, ""
        self._depth -= 1

    def comment(self, _text: str) -> None:
        """Comments are dropped."""

    def pi(self, _target: str, _data: str | None = None) -> None:
        """Processing instructions are dropped."""

    def close(self) -> etree._Element:
        return self._builder.close()


def read_envelope(chunks: Iterable[bytes], divert: Callable[[str], Open[T] | None] | None = None,
                  limits: EnvelopeLimits | None = None) -> XopMessage[T]:
    """Parse ``chunks``; ``divert(tag)`` returns an opener for elements whose inline base64 goes elsewhere."""
    target: _Target[T] = _Target(divert or (lambda _tag: None), limits or EnvelopeLimits())
    parser = hardened_parser(target=target, collect_ids=False)
    try:
        for chunk in chunks:
            parser.feed(chunk)
        root: etree._Element = parser.close()
    except (etree.XMLSyntaxError, MessageRefused) as exc:
        if target.failed is not None:
            raise target.failed from None
        raise MessageRefused("the SOAP message is not well-formed XML",
                           detail={"reason": str(getattr(exc, "msg", exc))[:200]}) from None
    return XopMessage(root, target.parts)
