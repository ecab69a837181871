"""``HttpDownload``: the body in order, read as the consumer asks (bounded), errors reach the consumer."""

from __future__ import annotations

import io
import os
import time

import pytest
import requests
from urllib3 import HTTPResponse

from adapter.dms._download import HttpDownload


class _Raw(io.BytesIO):
    """A body that counts how far it was read and can break after ``fail_at`` bytes."""

    def __init__(self, data: bytes, fail_at: int | None = None) -> None:
        super().__init__(data)
        self.fail_at = fail_at

    def read(self, size: int | None = -1) -> bytes:
        if self.fail_at is not None and self.tell() >= self.fail_at:
            raise ConnectionResetError("peer went away")
        return super().read(size)


def _download(raw: _Raw) -> HttpDownload:
    response = requests.Response()
    response.status_code = 200
    response.headers["Content-Length"] = str(len(raw.getvalue()))
    response.raw = HTTPResponse(body=raw, preload_content=False)
    return HttpDownload(response)


def test_the_chunks_are_the_body_in_order() -> None:
    """All chunks, in order, add up to the body; the length comes from Content-Length."""
    data = os.urandom(5 * 65536 + 17)
    download = _download(_Raw(data))
    assert download.length == len(data)
    assert b"".join(download.chunks(65536)) == data
    download.close()


def test_reading_is_bounded() -> None:
    """A consumer that pauses has not made the download read beyond the chunk in hand (no buffering)."""
    raw = _Raw(os.urandom(64 * 1024))
    chunks = _download(raw).chunks(1024)
    next(chunks)
    time.sleep(0.05)
    assert raw.tell() <= 2 * 1024
    chunks.close()


def test_an_error_of_the_body_reaches_the_consumer() -> None:
    """A connection that breaks in the middle raises in the consumer after the chunks received before it."""
    chunks = _download(_Raw(os.urandom(10 * 1024), fail_at=4 * 1024)).chunks(1024)
    received = 0
    with pytest.raises(requests.exceptions.RequestException):
        for chunk in chunks:
            received += len(chunk)
    assert received == 4 * 1024

