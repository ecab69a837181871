"""The one place that makes lxml parsers, for the product and its sandbox: hardened, limited, line-numbered.

Every reader of XML we did not write ourselves goes through here: xdomea messages and the schemas they
load, XTA and CMIS SOAP envelopes, AtomPub answers of a DMS, and the sandbox's request bodies. Callers
translate ``XmlRefused`` into their own wire's error where they need to (a DMS answer is ``DmsRefused``,
a sandbox request ``invalidArgument``).

Every parser built here has ``resolve_entities=False``, ``no_network=True``, ``load_dtd=False``,
``dtd_validation=False``, ``huge_tree=False`` and a resolver that loads nothing (``DENY_ALL``)
unless the caller passes its own (the schema catalog passes one confined to the schema folder).
XInclude is never processed, and an element in the XInclude namespace is refused outright. A
DOCTYPE is refused outright (an xdomea message never has one), so no entity is ever declared or
expanded: billion-laughs and quadratic-blowup documents fail on their first element.

Size is checked first, before parsing. Then one of two paths, both with bounded memory:

- fast (the normal case): when the input has at most ``max_elements`` tag openings (``<`` bytes
  bound the element count from above, so the count needs no further check), libxml2 parses it in one
  C call and the rest is checked on the built tree in C: DOCTYPE, XInclude elements, depth (XPath).
- streaming: otherwise the input is fed in chunks to a pull parser and checked as it is built,
  so an element flood stops at the limit instead of being built.

Every failure is an ``XmlRefused`` with ``(line, message)`` problems. ``hardened_parser`` gives the
same settings to a caller that needs a parser object (a ``target`` that streams, ``etree.fromstring``);
``root_name`` reads a file only as far as its root element.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from adapter.domain.errors import DocumentRefused, Problem

__all__ = ["DEFAULT_LIMITS", "DENY_ALL", "XmlLimits", "XmlRefused", "hardened_parser", "parse_bytes", "parse_file",
           "root_name"]


class XmlRefused(DocumentRefused):
    """Not well-formed, unsafe (DOCTYPE, entities, XInclude) or over a size, depth or count limit."""

    code = "xml-refused"

_XINCLUDE_PREFIXES = ("{http://www.w3.org/2001/XInclude}", "{http://www.w3.org/2003/XInclude}")


@dataclass(frozen=True)
class XmlLimits:
    """Limits for one XML document.

    Defaults: 64 MiB of input (a 0605 with 1,000 documents is well under 5 MiB: documents travel
    beside the XML, not inside it), nesting depth 64 (the deepest xdomea path, Akte > Vorgang >
    Dokument > Version > Format > Primaerdokument inside a message, is about 20), 1,000,000
    elements. libxml2 itself stops at depth 256 and 10 MB text nodes (``huge_tree=False``).
    """

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 64
    max_elements: int = 1_000_000
    chunk_size: int = 64 * 1024


DEFAULT_LIMITS = XmlLimits()


class _DenyAll(etree.Resolver):  # type: ignore[misc]
    """Resolves every external reference (DTD, entity, include) to nothing."""

    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:
        return self.resolve_string("", context)


DENY_ALL = _DenyAll()


def parse_bytes(
    data: bytes, *, limits: XmlLimits = DEFAULT_LIMITS, resolver: etree.Resolver | None = None
) -> Any:
    """Parse ``data`` into an ``lxml`` element tree, or raise ``XmlRefused``."""
    if len(data) > limits.max_bytes:
        raise XmlRefused(f"document has {len(data)} bytes, more than the limit of {limits.max_bytes}")
    if data.count(b"<") <= limits.max_elements:
        return _parse_whole(data, limits, resolver, None)
    step = limits.chunk_size
    return _parse((data[i : i + step] for i in range(0, len(data), step)), limits, resolver, None)


def parse_file(
    path: Path, *, limits: XmlLimits = DEFAULT_LIMITS, resolver: etree.Resolver | None = None
) -> Any:
    """Parse the file at ``path`` (size checked before reading), or raise ``XmlRefused``."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise XmlRefused(f"document has {size} bytes, more than the limit of {limits.max_bytes}")
    if size <= _WHOLE_FILE_BYTES:  # small enough to hold: the fast path decides
        data = b"".join(_read_chunks(path, limits))
        if data.count(b"<") <= limits.max_elements:
            return _parse_whole(data, limits, resolver, str(path.resolve()))
    return _parse(_read_chunks(path, limits), limits, resolver, str(path.resolve()))


#: files up to this size are read whole and may take the fast path
_WHOLE_FILE_BYTES = 16 * 1024 * 1024


def _read_chunks(path: Path, limits: XmlLimits) -> Iterator[bytes]:
    total = 0
    with path.open("rb") as stream:
        while chunk := stream.read(limits.chunk_size):
            total += len(chunk)
            if total > limits.max_bytes:  # the file grew after stat
                raise XmlRefused(f"document exceeds the limit of {limits.max_bytes} bytes")
            yield chunk


def hardened_parser(**options: Any) -> Any:
    """An ``etree.XMLParser`` with this module's settings (no entities, network, DTD, huge trees, PIs)
    and the deny-all resolver; ``options`` add what the caller needs (``target=``, ``remove_blank_text=``).
    The caller still refuses a DOCTYPE (``parse_bytes``/``parse_file`` do), or its target does."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_pis=True, **options)
    parser.resolvers.add(DENY_ALL)
    return parser


def root_name(path: Path, *, limit: int = 1024 * 1024) -> tuple[str, str] | None:
    """``(namespace, local name)`` of the file's root element, reading no further than its start tag
    (at most ``limit`` bytes); ``None`` when the file does not begin as XML, or with a DOCTYPE."""
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False)
    parser.resolvers.add(DENY_ALL)
    read = 0
    try:
        with path.open("rb") as stream:
            while read < limit and (chunk := stream.read(16 * 1024)):
                read += len(chunk)
                parser.feed(chunk)
                for _event, elem in parser.read_events():
                    if elem.getroottree().docinfo.doctype:
                        return None
                    qname = etree.QName(elem)
                    return qname.namespace or "", qname.localname
    except (etree.XMLSyntaxError, OSError):
        return None
    return None


def _new_parser(resolver: etree.Resolver | None, base_url: str | None) -> Any:
    parser = etree.XMLPullParser(
        events=("start", "end"),
        base_url=base_url,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,
        remove_pis=True,
    )
    parser.resolvers.add(resolver or DENY_ALL)
    return parser


def _parse(
    chunks: Iterable[bytes], limits: XmlLimits, resolver: etree.Resolver | None, base_url: str | None
) -> Any:
    parser = _new_parser(resolver, base_url)
    etree.clear_error_log()  # thread-local; feed parsers report through it
    state = [0, 0]  # depth, element count
    try:
        for chunk in chunks:
            parser.feed(chunk)
            _check_events(parser, state, limits)
        root = parser.close()
        _check_events(parser, state, limits)
    except etree.XMLSyntaxError as exc:
        raise XmlRefused("document is not well-formed XML", problems=_problems(exc)) from exc
    return root.getroottree()


def _parse_whole(data: bytes, limits: XmlLimits, resolver: etree.Resolver | None, base_url: str | None) -> Any:
    """The fast path: at most ``max_elements`` elements are possible, so build, then check in C."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, collect_ids=False, remove_pis=True)
    parser.resolvers.add(resolver or DENY_ALL)
    etree.clear_error_log()
    try:
        root = etree.fromstring(data, parser, base_url=base_url)
    except etree.XMLSyntaxError as exc:
        raise XmlRefused("document is not well-formed XML", problems=_problems(exc)) from exc
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        _refuse(root, "a DOCTYPE is not allowed")
    included = next(root.iter(*_XINCLUDE_TAGS), None)  # C-level tag filter, stops at the first
    if included is not None:
        _refuse(included, "XInclude is not allowed")
    too_deep = tree.xpath("/*" * (limits.max_depth + 1))  # one C pass; the cheapest exact form we measured
    if too_deep:
        _refuse(too_deep[0], f"nesting deeper than {limits.max_depth} levels")
    # no element count here: this path is taken only when the count of ``<`` (each element starts with
    # one) is within ``max_elements``, so the tree cannot hold more elements than the limit
    return tree


_XINCLUDE_TAGS = tuple(f"{prefix}*" for prefix in _XINCLUDE_PREFIXES)


def _check_events(parser: Any, state: list[int], limits: XmlLimits) -> None:
    depth, count = state
    for event, elem in parser.read_events():
        if event == "end":
            depth -= 1
            continue
        depth += 1
        count += 1
        if count == 1:
            info = elem.getroottree().docinfo
            if info.doctype or info.internalDTD is not None:
                _refuse(elem, "a DOCTYPE is not allowed")
        if elem.tag.startswith(_XINCLUDE_PREFIXES):
            _refuse(elem, "XInclude is not allowed")
        if depth > limits.max_depth:
            _refuse(elem, f"nesting deeper than {limits.max_depth} levels")
        if count > limits.max_elements:
            _refuse(elem, f"more than {limits.max_elements} elements")
    state[:] = [depth, count]


def _refuse(elem: Any, text: str) -> None:
    raise XmlRefused(text, problems=[(elem.sourceline, text)])


def _problems(exc: etree.XMLSyntaxError) -> list[Problem]:
    found: list[Problem] = []
    for entry in exc.error_log.filter_from_errors():
        problem = (entry.line or None, entry.message.strip())
        if problem not in found:
            found.append(problem)
    return found or [(exc.lineno or None, str(exc.msg or exc))]
