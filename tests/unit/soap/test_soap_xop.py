"""The shared SOAP plumbing without sockets: pull-based part reading, XOP packages both ways, inline base64."""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import pytest
from lxml import etree

from adapter.domain.errors import InvalidInput
from adapter.safexml import parse_bytes
from adapter.soap.multipart import MultipartBody, Part, PartReader
from adapter.soap.xop import (
    INCLUDE,
    SOAP11,
    SOAP12,
    content_type_params,
    inline_body,
    read_xop,
    xop_package,
)

NS = "urn:test"


def _parse(data: bytes) -> etree._Element:
    return parse_bytes(data).getroot()


def _envelope(soap_ns: str) -> tuple[etree._Element, etree._Element]:
    env = etree.Element(f"{{{soap_ns}}}Envelope")
    body = etree.SubElement(env, f"{{{soap_ns}}}Body")
    stream = etree.SubElement(etree.SubElement(body, f"{{{NS}}}createDocument"), f"{{{NS}}}stream")
    return env, stream


class _Source:
    def __init__(self, data: bytes) -> None:
        self.data = data

    @property
    def size(self) -> int:
        return len(self.data)

    def open(self) -> io.BytesIO:
        return io.BytesIO(self.data)


@pytest.mark.parametrize("chunk", [1, 5, 1000, 1 << 20])
def test_part_reader_pulls_parts_one_after_the_other(tmp_path: Path, chunk: int) -> None:
    """PartReader gives each part's headers, then its body in pieces, byte-exact whatever the chunk size."""
    data = os.urandom(5000) + b"\r\n--C\r\n--"
    body = MultipartBody([Part((("Content-ID", "<r>"),), b"<e/>"), Part((("Content-ID", "<a>"),), _Source(data))],
                         "B", chunk_size=700)
    raw = b"preamble\r\n" + b"".join(body)
    reader = PartReader(io.BytesIO(raw), "B", chunk)
    seen = []
    while (headers := reader.next_part()) is not None:
        seen.append((headers["content-id"], b"".join(reader.chunks())))
    assert seen == [("<r>", b"<e/>"), ("<a>", data)]


def test_part_reader_skips_the_unread_rest_of_a_part() -> None:
    """next_part() without reading the current part's body skips it."""
    body = MultipartBody([Part((("Content-ID", "<r>"),), b"x" * 3000), Part((("Content-ID", "<a>"),), b"yy")], "B")
    reader = PartReader(io.BytesIO(b"".join(body)), "B", 64)
    assert reader.next_part() == {"content-id": "<r>"}
    assert reader.next_part() == {"content-id": "<a>"} and reader.read() == b"yy"
    assert reader.next_part() is None


@pytest.mark.parametrize("soap", [SOAP11, SOAP12], ids=["soap11", "soap12"])
def test_xop_package_reads_back_into_files(tmp_path: Path, soap) -> None:  # type: ignore[no-untyped-def]
    """An MTOM package names the version's media type and action; read_xop restores envelope and content."""
    data = os.urandom(100_000)
    envelope, stream = _envelope(soap.envelope)
    headers, body = xop_package(envelope, [(stream, _Source(data))], soap, "createDocument")
    media, params = content_type_params(headers["Content-Type"])
    assert media == "multipart/related" and params["type"] == "application/xop+xml"
    assert params["start-info"] == soap.start_info("createDocument")
    assert ("action" in params["start-info"]) is soap.action_parameter
    raw = b"".join(body)
    assert len(raw) == int(headers["Content-Length"])
    files: list[Path] = []

    def open_attachment():  # type: ignore[no-untyped-def]
        files.append(tmp_path / f"part{len(files)}")
        handle = files[-1].open("wb")
        return handle, (handle, files[-1])

    message = read_xop(io.BytesIO(raw), params, _parse, open_attachment)
    [(element, (handle, path))] = message.parts.items()
    handle.close()
    assert element.tag == f"{{{NS}}}stream" and not list(element.iter(INCLUDE))
    assert path.read_bytes() == data


def test_read_xop_refuses_an_include_without_its_part() -> None:
    """An xop:Include naming a part the message lacks is invalid input."""
    envelope, stream = _envelope(SOAP11.envelope)
    headers, body = xop_package(envelope, [(stream, b"x")], SOAP11)  # type: ignore[list-item]
    raw = b"".join(body)
    cut = raw.index(b"--MIMEBoundary", 10)
    raw = raw[:cut] + b"--" + content_type_params(headers["Content-Type"])[1]["boundary"].encode() + b"--\r\n"
    with pytest.raises(InvalidInput, match="xop:Include"):
        read_xop(io.BytesIO(raw), content_type_params(headers["Content-Type"])[1], _parse,
                 lambda: (io.BytesIO(), None))


def test_inline_body_encodes_while_sending_with_exact_length() -> None:
    """Without MTOM the content is base64 inside the element; len() is exact; the envelope stays well-formed."""
    data = os.urandom(70_001)
    envelope, stream = _envelope(SOAP11.envelope)
    body = inline_body(envelope, [(stream, _Source(data))], chunk_size=1000)
    raw = b"".join(body)
    assert len(raw) == len(body)
    assert base64.b64decode(_parse(raw).findtext(f".//{{{NS}}}stream") or "") == data
