"""The streamed envelope reader: inline base64 decoded into a writer, limits and DOCTYPEs refused."""

from __future__ import annotations

import base64
import io
import os

import pytest

from adapter.domain.errors import InvalidInput
from adapter.soap.envelope import EnvelopeLimits, read_envelope

STREAM = "{urn:m}stream"


def _message(content: bytes, extra: bytes = b"") -> bytes:
    return (b'<s:Envelope xmlns:s="urn:s"><s:Body><m:create xmlns:m="urn:m"><m:name>a &amp; b</m:name>'
            b"<m:stream>" + base64.encodebytes(content) + b"</m:stream>" + extra + b"</m:create></s:Body></s:Envelope>")


def _chunks(data: bytes, size: int = 4096) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)]


def test_inline_content_is_decoded_into_the_writer_not_the_tree() -> None:
    """The stream element's base64 lands decoded in the writer; the rest of the tree is intact."""
    data = os.urandom(300_001)
    out = io.BytesIO()
    message = read_envelope(_chunks(_message(data)), lambda tag: (lambda: (out, "staged")) if tag == STREAM else None)
    [(element, handle)] = message.parts.items()
    assert out.getvalue() == data and handle == "staged" and not (element.text or "").strip()
    assert message.envelope.findtext(".//{urn:m}name") == "a & b"


def test_an_element_with_a_child_is_not_diverted() -> None:
    """A diverted element that holds an element (xop:Include) keeps it in the tree and opens no writer."""
    doc = (b'<e xmlns:m="urn:m"><m:stream><x:Include xmlns:x="urn:x" href="cid:1"/></m:stream></e>')
    message = read_envelope([doc], lambda tag: (lambda: (io.BytesIO(), 1)) if tag == STREAM else None)
    assert message.parts == {} and message.envelope.find(".//{urn:x}Include") is not None


@pytest.mark.parametrize("doc", [b'<!DOCTYPE e [<!ENTITY a "b">]><e>&a;</e>', b"<e><f></e>"], ids=["doctype", "broken"])
def test_doctypes_and_broken_xml_are_refused(doc: bytes) -> None:
    """A DOCTYPE (entities) or malformed XML is invalid input."""
    with pytest.raises(InvalidInput):
        read_envelope([doc])


def test_limits_hold_outside_the_content() -> None:
    """Too many elements or too much text outside the diverted content is refused."""
    with pytest.raises(InvalidInput):
        read_envelope([b"<e>" + b"<f/>" * 50 + b"</e>"], limits=EnvelopeLimits(max_elements=20))
    with pytest.raises(InvalidInput):
        read_envelope([b"<e>" + b"x" * 5000 + b"</e>"], limits=EnvelopeLimits(max_text=1000))


def test_invalid_base64_is_refused() -> None:
    """Content that is not base64 is invalid input."""
    doc = b'<m:stream xmlns:m="urn:m">!!!!</m:stream>'
    with pytest.raises(InvalidInput, match="base64"):
        read_envelope([doc], lambda tag: lambda: (io.BytesIO(), 1))
