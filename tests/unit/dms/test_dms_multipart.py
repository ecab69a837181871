"""The Browser binding's multipart bodies, read back by Werkzeug's form parser (the sandbox's)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from werkzeug.formparser import parse_form_data
from werkzeug.test import EnvironBuilder

from adapter.dms import multipart
from adapter.dms.multipart import FilePart, StreamedBody, form_body


def parsed(body: bytes | StreamedBody, content_type: str) -> tuple[dict[str, str], dict[str, tuple[str, str, bytes]]]:
    data = body if isinstance(body, bytes) else b"".join(iter(lambda: body.read(65536), b""))
    if isinstance(body, StreamedBody):
        assert len(body) == len(data)  # the announced Content-Length is what is sent
    env = EnvironBuilder(method="POST", data=data, content_type=content_type).get_environ()
    _, form, files = parse_form_data(env)
    return ({k: form[k] for k in form},
            {k: (f.filename or "", f.content_type or "", f.read()) for k, f in files.items()})


FIELDS = [("cmisaction", "createDocument"), ("propertyId[0]", "cmis:name"),
          ("propertyValue[0]", 'Bescheid "Nord"\r\nÄnderung'), ("succinct", "true")]


def test_text_fields_survive_quotes_newlines_and_umlauts() -> None:
    form, files = parsed(*form_body(FIELDS))
    assert form == dict(FIELDS) and files == {}


def test_a_small_file_is_sent_inline(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.7 small")
    with path.open("rb") as stream:
        body, content_type = form_body(FIELDS, FilePart("content", 'Antrag "1" Ö.pdf', "application/pdf", stream))
    assert isinstance(body, bytes)
    form, files = parsed(body, content_type)
    assert form == dict(FIELDS)
    assert files == {"content": ('Antrag "1" Ö.pdf', "application/pdf", b"%PDF-1.7 small")}


def test_a_large_file_is_streamed_with_its_length_known(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multipart, "INLINE_BYTES", 1000)
    data = bytes(range(256)) * 40  # 10,240 bytes
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    with path.open("rb") as stream:
        body, content_type = form_body(FIELDS, FilePart("content", "big.bin", "application/octet-stream", stream))
        assert isinstance(body, StreamedBody)
        form, files = parsed(body, content_type)
    assert form == dict(FIELDS) and files["content"][2] == data


def test_an_in_memory_stream_is_measured_too() -> None:
    stream = io.BytesIO(b"header-skipped|payload")
    stream.seek(15)
    body, content_type = form_body([], FilePart("content", "p.txt", "text/plain", stream))
    assert parsed(body, content_type)[1]["content"][2] == b"payload"


def test_a_file_that_shrinks_while_sent_is_an_error_not_a_short_body(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multipart, "INLINE_BYTES", 10)
    path = tmp_path / "shrinks.bin"
    path.write_bytes(b"x" * 5000)
    with path.open("rb") as stream:
        body, _ = form_body([], FilePart("content", "s.bin", "application/octet-stream", stream))
        assert isinstance(body, StreamedBody)
        path.write_bytes(b"x" * 100)  # truncated in place
        with pytest.raises(OSError, match="ended early"):
            while body.read(1024):
                pass


class _Unseekable(io.RawIOBase):
    """A stream that can be read but neither measured nor sought (as a document read from its ZIP)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        return self._data.readinto(buffer)


def test_a_stream_that_cannot_be_measured_is_sent_with_its_announced_size() -> None:
    """Such a stream checks its own length as it is read; the part announces the size its source gave."""
    data = b"%PDF" * 100
    part = FilePart("content", "a.pdf", "application/pdf", io.BufferedReader(_Unseekable(data)), len(data))
    assert parsed(*form_body(FIELDS, part))[1]["content"] == ("a.pdf", "application/pdf", data)


def _boundary(content_type: str) -> str:
    return content_type.split("boundary=", 1)[1]


def test_bodies_built_in_memory_share_the_process_boundary() -> None:
    """Servers compile a pattern per boundary; one they have seen is one their cache holds."""
    first = form_body(FIELDS, FilePart("content", "a.pdf", "application/pdf", io.BytesIO(b"%PDF a")))[1]
    second = form_body(FIELDS, FilePart("content", "b.pdf", "application/pdf", io.BytesIO(b"%PDF b")))[1]
    assert _boundary(first) == _boundary(second) == multipart._PROCESS_BOUNDARY


@pytest.mark.parametrize("where", ["content", "field", "file name"])
def test_a_body_that_holds_the_process_boundary_gets_another(where: str) -> None:
    """Content (or a field, or the file name) carrying the process boundary must not cut the body short."""
    mark = "--" + multipart._PROCESS_BOUNDARY
    data = b"%PDF " + (mark.encode() + b"--\r\n" if where == "content" else b"plain")
    fields = [*FIELDS, ("propertyValue[1]", mark if where == "field" else "x")]
    name = f"{mark}.pdf" if where == "file name" else "a.pdf"
    body, content_type = form_body(fields, FilePart("content", name, "application/pdf", io.BytesIO(data)))
    assert _boundary(content_type) != multipart._PROCESS_BOUNDARY
    form, files = parsed(body, content_type)
    assert form == dict(fields) and files["content"][2] == data


def test_a_streamed_body_draws_a_fresh_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its content cannot be checked beforehand, so it never uses the shared boundary."""
    monkeypatch.setattr(multipart, "INLINE_BYTES", 10)
    path = tmp_path / "big.bin"
    path.write_bytes(b"x" * 100)
    seen = set()
    for _ in range(2):
        with path.open("rb") as stream:
            seen.add(_boundary(form_body(FIELDS, FilePart("content", "big.bin", "application/pdf", stream))[1]))
    assert len(seen) == 2 and multipart._PROCESS_BOUNDARY not in seen
