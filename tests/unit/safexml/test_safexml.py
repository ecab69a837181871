"""Hardened XML parsing: hostile documents are refused fast, with line numbers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lxml import etree

from adapter.domain.errors import InvalidInput
from adapter.safexml import XmlLimits, XmlRefused, hardened_parser, parse_bytes, parse_file, root_name

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>"""


def _refusal(data: bytes, limits: XmlLimits | None = None) -> XmlRefused:
    with pytest.raises(XmlRefused) as info:
        parse_bytes(data, limits=limits or XmlLimits())
    return info.value


def test_plain_document_parses_with_line_numbers() -> None:
    """A harmless document parses and keeps source lines."""
    tree = parse_bytes(b"<r>\n<a>&amp;&#65;</a>\n</r>")
    assert tree.getroot()[0].sourceline == 2
    assert tree.getroot()[0].text == "&A"


def test_refusals_are_invalid_input() -> None:
    """XmlRefused belongs to the domain's InvalidInput branch (CLI exit 1)."""
    assert isinstance(_refusal(b"garbage"), InvalidInput)


def test_billion_laughs_refused_fast() -> None:
    """An entity-expansion bomb is refused (libxml2's amplification guard or our DOCTYPE rule)."""
    start = time.perf_counter()
    error = _refusal(LAUGHS)
    assert time.perf_counter() - start < 1.0
    assert error.problems[0][0] is not None
    assert "lol" not in repr(error.problems)


def test_quadratic_blowup_refused() -> None:
    """One big entity referenced many times is refused, never expanded (2 GB if it were)."""
    big = b"x" * 100_000
    doc = b'<!DOCTYPE r [<!ENTITY a "' + big + b'">]><r>' + b"&a;" * 20_000 + b"</r>"
    start = time.perf_counter()
    _refusal(doc)
    assert time.perf_counter() - start < 2.0


def test_external_entity_never_read(tmp_path: Path) -> None:
    """An external entity pointing at a local file is refused and its content never appears."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    doc = f'<!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]><r>&x;</r>'.encode()
    error = _refusal(doc)
    assert "TOPSECRET" not in repr(error.problems)


def test_external_dtd_refused(tmp_path: Path) -> None:
    """A DOCTYPE with an external DTD (file or network) is refused."""
    dtd = tmp_path / "x.dtd"
    dtd.write_text('<!ENTITY x "SECRET">')
    for system in (dtd.as_uri(), "http://127.0.0.1:9/evil.dtd"):
        error = _refusal(f'<!DOCTYPE r SYSTEM "{system}"><r>&x;</r>'.encode())
        assert "SECRET" not in repr(error.problems)


def test_doctype_without_entities_refused() -> None:
    """Even a harmless DOCTYPE is refused: an xdomea message never has one."""
    assert "DOCTYPE" in _refusal(b"<!DOCTYPE r><r/>").message


def test_xinclude_refused(tmp_path: Path) -> None:
    """An XInclude element is refused, never processed."""
    doc = b'<r>\n<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/></r>'
    error = _refusal(doc)
    assert error.problems == [(2, "XInclude is not allowed")]


def test_too_deep_refused_with_line() -> None:
    """Nesting beyond the depth limit is refused at the offending element's line."""
    doc = b"<a>\n" * 20 + b"</a>" * 20
    error = _refusal(doc, XmlLimits(max_depth=10))
    assert error.problems[0][0] == 11


def test_too_many_elements_refused_early() -> None:
    """An element flood is refused once the count limit is passed, without parsing it all."""
    doc = b"<r>" + b"<a/>" * 2_000_000 + b"</r>"
    start = time.perf_counter()
    error = _refusal(doc, XmlLimits(max_elements=1000, max_bytes=len(doc)))
    assert time.perf_counter() - start < 1.0
    assert "more than 1000 elements" in error.message


def test_oversized_bytes_refused_before_parsing() -> None:
    """Input larger than max_bytes is refused on its size alone."""
    assert "limit" in _refusal(b"<r>" + b" " * 200 + b"</r>", XmlLimits(max_bytes=100)).message


def test_oversized_file_refused(tmp_path: Path) -> None:
    """A file larger than max_bytes is refused from its size."""
    path = tmp_path / "big.xml"
    path.write_bytes(b"<r>" + b" " * 5000 + b"</r>")
    with pytest.raises(XmlRefused):
        parse_file(path, limits=XmlLimits(max_bytes=1000))


def test_garbage_and_mismatch_carry_lines() -> None:
    """Syntax errors carry the line where libxml2 found them."""
    assert _refusal(b"\x00garbage").problems[0][0] == 1
    assert _refusal(b"<r>\n<a>\n</b></r>").problems[0][0] == 3
    assert _refusal(b"<r>\n<a>&x;</a></r>").problems == [(2, "Entity 'x' not defined")]


def test_parse_file_reads_in_chunks(tmp_path: Path) -> None:
    """A file larger than one chunk parses completely."""
    path = tmp_path / "ok.xml"
    path.write_bytes(b"<r>" + b"<a>x</a>" * 10_000 + b"</r>")
    tree = parse_file(path, limits=XmlLimits(chunk_size=1024))
    assert len(tree.getroot()) == 10_000
    assert isinstance(tree, etree._ElementTree)


def test_root_name_reads_only_the_root_and_refuses_what_is_not_xml(tmp_path: Path) -> None:
    """The root element's namespace and name; a DOCTYPE, binary content or an empty file give None."""
    xml = tmp_path / "m.xml"
    xml.write_bytes(b'<?xml version="1.0"?><x:Nachricht xmlns:x="urn:a">' + b"<y/>" * 100_000)
    assert root_name(xml) == ("urn:a", "Nachricht")
    doctype = tmp_path / "d.xml"
    doctype.write_bytes(LAUGHS)
    binary = tmp_path / "b.pdf"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01")
    empty = tmp_path / "e.xml"
    empty.write_bytes(b"")
    assert root_name(doctype) is None and root_name(binary) is None and root_name(empty) is None


def test_hardened_parser_expands_no_entity_and_fetches_nothing() -> None:
    """A caller's own parser object has the module's settings: no entity expansion, no external DTD."""
    root = etree.fromstring(b'<!DOCTYPE x [<!ENTITY a "EXPANDED">]><x>&a;</x>', hardened_parser())
    assert "EXPANDED" not in etree.tostring(root).decode()
    external = etree.fromstring(b'<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><x/>', hardened_parser())
    assert external.tag == "x"  # parsed without loading the DTD (a network fetch would fail here)
