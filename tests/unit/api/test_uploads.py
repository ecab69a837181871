"""``read_form``: the file part is hashed while it arrives, lands on disk byte-exactly, never piles up in memory."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from starlette.requests import ClientDisconnect, Request

from adapter.api.problems import ApiProblem
from adapter.api.uploads import SpooledForm, read_form

BOUNDARY = "----unit-boundary"
BATCH_BYTES = 1024 * 1024  # a unit of size for the bodies below


def _body(data: bytes, after: bytes = b"") -> bytes:
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"betreff\"\r\n\r\nBescheid\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"../a.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n").encode()
    more = f"\r\n--{BOUNDARY}\r\n".encode() + after + b"\r\n" if after else b"\r\n"
    return head + data + more + f"--{BOUNDARY}--\r\n".encode()


def _request(chunks: list[bytes], on_receive: Callable[[int], None] = lambda _sent: None,
             disconnect_after: int | None = None) -> Request:
    scope = {"type": "http", "method": "POST", "path": "/dokumente", "headers": [
        (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())]}
    sent = 0
    queue = list(chunks)

    async def receive() -> dict[str, Any]:
        nonlocal sent
        on_receive(sent)
        if disconnect_after is not None and sent >= disconnect_after:
            return {"type": "http.disconnect"}
        chunk = queue.pop(0)
        sent += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(queue)}

    return Request(scope, receive)


def _split(body: bytes, size: int) -> list[bytes]:
    return [body[i:i + size] for i in range(0, len(body), size)]


def test_file_part_is_hashed_while_received_and_stored_byte_exactly(tmp_path: Path) -> None:
    """Several batches in odd-sized chunks: size, SHA-256 and bytes on disk match; fields before and after arrive."""
    data = os.urandom(3 * BATCH_BYTES + 12345)
    after = b"Content-Disposition: form-data; name=\"dokumentart\"\r\n\r\nAntrag"
    body = _body(data, after)
    form: SpooledForm = asyncio.run(read_form(_request(_split(body, 65_537)), tmp_path, 10**9))
    try:
        assert form.file is not None
        assert form.file.size == len(data) and form.file.sha256 == hashlib.sha256(data).hexdigest()
        assert form.file.path.read_bytes() == data
        assert form.file.name == "a.pdf" and form.file.media_type == "application/pdf"
        assert form.fields == {"betreff": "Bescheid", "dokumentart": "Antrag"}
    finally:
        form.close()
    assert list(tmp_path.iterdir()) == []


def test_the_spool_file_keeps_up_with_the_body(tmp_path: Path) -> None:
    """While a large file arrives, nothing beyond the chunk in hand is received but not yet on disk (no buffering)."""
    data = os.urandom(8 * BATCH_BYTES)
    chunk = 256 * 1024
    lags: list[int] = []

    def on_receive(sent: int) -> None:
        spooled = [p.stat().st_size for p in tmp_path.glob("upload-*")]
        if spooled:
            lags.append(sent - spooled[0])

    form = asyncio.run(read_form(_request(_split(_body(data), chunk), on_receive), tmp_path, 10**9))
    form.close()
    assert lags and max(lags) <= chunk


def test_a_disconnect_in_the_file_part_leaves_no_spool_file(tmp_path: Path) -> None:
    """A client that goes away in the middle of the file: the error propagates and the spool file is removed."""
    data = os.urandom(4 * BATCH_BYTES)
    request = _request(_split(_body(data), 128 * 1024), disconnect_after=3 * BATCH_BYTES)
    with pytest.raises(ClientDisconnect):
        asyncio.run(read_form(request, tmp_path, 10**9))
    assert list(tmp_path.iterdir()) == []


def test_a_truncated_body_is_malformed_and_leaves_no_spool_file(tmp_path: Path) -> None:
    """A body that ends inside the file part (no closing boundary) is refused and nothing stays in the spool."""
    body = _body(os.urandom(2 * BATCH_BYTES))[: BATCH_BYTES + 1000]
    with pytest.raises(ApiProblem) as refused:
        asyncio.run(read_form(_request(_split(body, 64 * 1024)), tmp_path, 10**9))
    assert refused.value.slug == "invalid-input"
    assert list(tmp_path.iterdir()) == []
