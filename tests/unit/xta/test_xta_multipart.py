"""The streaming multipart/related body and reader."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from adapter.domain.errors import InvalidInput
from adapter.soap.multipart import MultipartBody, Part, read_parts


def _collect(raw: bytes, boundary: str, chunk: int) -> list[tuple[dict[str, str], bytes]]:
    parts: list[tuple[dict[str, str], io.BytesIO]] = []

    def open_part(headers: dict[str, str]) -> io.BytesIO:
        parts.append((headers, io.BytesIO()))
        return parts[-1][1]

    read_parts(io.BytesIO(raw), boundary, open_part, chunk)
    return [(h, b.getvalue()) for h, b in parts]


@pytest.mark.parametrize("chunk", [1, 7, 4096, 1 << 20])
def test_roundtrip_any_chunk_size(tmp_path: Path, chunk: int) -> None:
    """Parts written from bytes and files come back byte-exact whatever the read size."""
    data = os.urandom(20_000) + b"\r\n--MIMEBoundary_y\r\n--"
    (tmp_path / "a").write_bytes(data)
    body = MultipartBody([Part((("Content-ID", "<root>"),), b"<e/>"), Part((("Content-ID", "<a>"),), tmp_path / "a")],
                         "MIMEBoundary_x", chunk_size=3000)
    raw = b"".join(iter(body.read, b""))
    assert len(raw) == len(body)
    expected = [({"content-id": "<root>"}, b"<e/>"), ({"content-id": "<a>"}, data)]
    assert _collect(raw, "MIMEBoundary_x", chunk) == expected


def test_truncated_body_is_refused() -> None:
    """A body without its closing boundary is invalid input, not a short part."""
    body = MultipartBody([Part((), b"abc")], "B")
    raw = b"".join(iter(body.read, b""))
    with pytest.raises(InvalidInput):
        _collect(raw[:-8], "B", 5)
