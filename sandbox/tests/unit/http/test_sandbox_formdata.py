"""``read_form`` reads what Werkzeug reads, and leaves Werkzeug every body it is not sure of."""

from __future__ import annotations

from io import BytesIO

import pytest
from egov_sandbox.formdata import read_form
from werkzeug.formparser import MultiPartParser

B = b"AbCd0123"


def body(*parts: bytes, end: bytes = b"--" + B + b"--\r\n", start: bytes = b"") -> bytes:
    return start + b"".join(b"--" + B + b"\r\n" + part + b"\r\n" for part in parts) + end


def field(name: bytes, value: bytes, *headers: bytes) -> bytes:
    return b"\r\n".join([b'Content-Disposition: form-data; name="' + name + b'"', *headers, b"", value])


def file(name: bytes, filename: bytes, data: bytes, *headers: bytes) -> bytes:
    disposition = b'Content-Disposition: form-data; name="' + name + b'"; filename="' + filename + b'"'
    return b"\r\n".join([disposition, *headers, b"", data])


def werkzeug(data: bytes) -> tuple[list[tuple[str, str]], list[tuple[str, str | None, str | None, bytes]]]:
    fields, files = MultiPartParser(max_form_memory_size=4 << 20, max_form_parts=1000).parse(
        BytesIO(data), B, len(data))
    return (list(fields.items(multi=True)),
            [(k, f.filename, f.content_type, f.read()) for k, f in files.items(multi=True)])


SAME = {
    "our connector's body": body(field(b"cmisaction", b"createDocument", b"Content-Type: text/plain; charset=utf-8"),
                                 field(b"propertyId[0]", b"cmis:name"),
                                 field(b"propertyValue[0]", "Bezüge 2026.pdf".encode()),
                                 file(b"content", b"doc.pdf", b"%PDF-1.7 " + b"x" * 5000,
                                      b"Content-Type: application/pdf")),
    "a field in Latin-1 says so": body(field(b"betreff", "Grüße".encode("latin-1"),
                                             b"Content-Type: text/plain; charset=ISO-8859-1")),
    "an unknown charset is read as UTF-8": body(field(b"f", "ä".encode(), b"Content-Type: text/plain; charset=koi8-r")),
    "undecodable bytes are replaced": body(field(b"f", b"\xff\xfe ok")),
    "data that holds CRLF, dashes and a near boundary": body(file(b"content", b"a.bin",
                                                                  b"\r\n--" + B[:-1] + b"\r\n--\r\n\r\n")),
    "an empty field and an empty file": body(field(b"empty", b""), file(b"content", b"", b"")),
    "repeated names": body(field(b"objectId", b"1"), field(b"objectId", b"2")),
    "header names in any case, a quoted name with a semicolon": body(
        b'content-disposition: form-data; name="a;b"\r\n\r\nv'),
    "RFC 2231 filename": body(b"Content-Disposition: form-data; name=\"content\"; filename*=UTF-8''Bez%C3%BCge.pdf"
                              b"\r\nContent-Type: application/pdf\r\n\r\n%PDF"),
    "an epilogue after the close": body(field(b"a", b"1"), end=b"--" + B + b"--\r\nepilogue"),
}


@pytest.mark.parametrize("data", SAME.values(), ids=SAME.keys())
def test_reads_what_werkzeug_reads(data: bytes) -> None:
    form = read_form(data, B, max_parts=1000, max_text=4 << 20)
    assert form is not None
    files = [(f.name, f.filename, dict((k.lower(), v) for k, v in f.headers).get("content-type"), f.data)
             for f in form.files]
    assert (list(form.fields), files) == werkzeug(data)


LEFT_TO_WERKZEUG = {
    "a preamble": body(field(b"a", b"1"), start=b"preamble\r\n"),
    "no closing delimiter": body(field(b"a", b"1"), end=b""),
    "a cut after a delimiter": body(field(b"a", b"1"), end=b"--" + B),
    "garbage after a delimiter": body(field(b"a", b"1"), end=b"--" + B + b"xx\r\n"),
    "no blank line after the headers": b"--" + B + b'\r\nContent-Disposition: form-data; name="a"\r\n--' + B + b"--",
    "a folded header": body(b'Content-Disposition: form-data;\r\n name="a"\r\n\r\n1'),
    "an unknown part header": body(field(b"a", b"1", b"Content-Transfer-Encoding: base64")),
    "a header twice": body(field(b"a", b"1", b"Content-Type: text/plain", b"Content-Type: text/html")),
    "a non-ASCII header": body(file(b"content", "Bezüge.pdf".encode(), b"x")),
    "a part without a name": body(b"Content-Disposition: form-data\r\n\r\n1"),
    "not form-data": body(b'Content-Disposition: attachment; name="a"\r\n\r\n1'),
    "no Content-Disposition": body(b"Content-Type: text/plain\r\n\r\n1"),
    "a header line without a colon": body(b'Content-Disposition: form-data; name="a"\r\nbroken\r\n\r\n1'),
    "not multipart at all": b"cmisaction=createDocument",
}


@pytest.mark.parametrize("data", LEFT_TO_WERKZEUG.values(), ids=LEFT_TO_WERKZEUG.keys())
def test_leaves_every_other_shape_to_werkzeug(data: bytes) -> None:
    assert read_form(data, B, max_parts=1000, max_text=4 << 20) is None


def test_over_the_limits_werkzeug_decides() -> None:
    """More parts or more text than the limits: ``None``, and Werkzeug's own limit answers the request."""
    many = body(*(field(b"f", b"1") for _ in range(5)))
    assert read_form(many, B, max_parts=5, max_text=None) is not None
    assert read_form(many, B, max_parts=4, max_text=None) is None
    assert read_form(many, B, max_parts=None, max_text=4) is None
    assert read_form(many, B, max_parts=None, max_text=5) is not None
    big_file = body(file(b"content", b"a.bin", b"x" * 1000))  # file bytes are not text
    assert read_form(big_file, B, max_parts=None, max_text=10) is not None
    assert read_form(many, b"", max_parts=None, max_text=None) is None
