"""getContentStream, streamed: an MTOM answer's part read from the socket, inline base64 spooled first.

An MTOM answer (what CMIS servers send: the binding requires MTOM) is read pull-wise: the SOAP root
part is parsed (bounded), then the part its ``xop:Include`` names is handed out chunk by chunk as it
arrives, never held whole. A server that answers inline base64 instead is read by the streamed
envelope reader, the content decoded into a spool file that the download then reads (and removes).
"""

from __future__ import annotations

import base64
import contextlib
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
from lxml import etree

from adapter.dms.cmis_ws.client import CMISM, answer_of, parse_answer
from adapter.dms.errors import DmsRefused
from adapter.soap.envelope import read_envelope
from adapter.soap.errors import MessageRefused
from adapter.soap.multipart import CHUNK, PartReader
from adapter.soap.xop import INCLUDE, content_type_params

__all__ = ["WsDownload", "open_download"]

_MAX_ROOT = 16 * 1024 * 1024
_STREAM = f"{{{CMISM}}}stream"


class _Chunks:
    """``read()`` over a response's decoded body chunks (the size is a hint)."""

    def __init__(self, response: requests.Response) -> None:
        self._chunks = response.iter_content(CHUNK)

    def read(self, _size: int = -1) -> bytes:
        return next(self._chunks, b"")


class WsDownload:
    """The ``Download`` of the port: chunks of the content, then ``close`` (the response, a spool file)."""

    def __init__(self, stack: contextlib.ExitStack, chunks: Iterator[bytes], length: int | None,
                 media_type: str | None) -> None:
        self._stack, self._chunks = stack, chunks
        self.length, self.media_type = length, media_type

    def chunks(self, size: int = CHUNK) -> Iterator[bytes]:
        yield from self._chunks

    def close(self) -> None:
        self._stack.close()


def _meta(answer: etree._Element) -> tuple[etree._Element, int | None, str | None]:
    holder = answer.find(f"{{{CMISM}}}contentStream")
    stream = holder.find(_STREAM) if holder is not None else None
    if holder is None or stream is None:
        raise DmsRefused("the DMS's content answer has no content stream")
    length = holder.findtext(f"{{{CMISM}}}length")
    return stream, int(length) if length and length.strip().isdigit() else None, \
        holder.findtext(f"{{{CMISM}}}mimeType")


def open_download(stack: contextlib.ExitStack, response: requests.Response, spool_dir: Path) -> WsDownload:
    """The content of a getContentStream answer (``stack`` holds the response and is closed with the download)."""
    media, params = content_type_params(response.headers.get("Content-Type", "text/xml"))
    try:
        if media == "multipart/related" and "boundary" in params:
            return _mtom(stack, response, params)
        return _inline(stack, response, spool_dir)
    except MessageRefused as exc:
        raise DmsRefused(f"the DMS's content answer is unreadable: {exc.message}") from exc


def _mtom(stack: contextlib.ExitStack, response: requests.Response, params: dict[str, str]) -> WsDownload:
    reader = PartReader(_Chunks(response), params["boundary"])
    start = params.get("start", "").strip().strip("<>")
    headers = reader.next_part()
    root = bytearray()
    while headers is not None and start and headers.get("content-id", "").strip().strip("<>") != start:
        headers = reader.next_part()  # parts before the root: not expected, skipped
    for chunk in reader.chunks() if headers is not None else ():
        root.extend(chunk)
        if len(root) > _MAX_ROOT:
            raise DmsRefused("the DMS's SOAP root part is larger than the limit")
    stream, length, mime = _meta(answer_of(parse_answer(bytes(root)), "getContentStream"))
    include = stream.find(INCLUDE)
    if include is None:  # inline base64 inside an MTOM package: bounded by the root part's limit
        data = base64.b64decode("".join((stream.text or "").split()))
        return WsDownload(stack, iter([data] if data else []), length, mime)
    cid = include.get("href", "").removeprefix("cid:")
    while (part := reader.next_part()) is not None:
        if part.get("content-id", "").strip().strip("<>") == cid:
            return WsDownload(stack, reader.chunks(), length, mime)
    raise DmsRefused("the DMS's content answer lacks the part its xop:Include names")


def _inline(stack: contextlib.ExitStack, response: requests.Response, spool_dir: Path) -> WsDownload:
    spool_dir.mkdir(parents=True, exist_ok=True)
    path = spool_dir / f"content-{secrets.token_hex(16)}"
    stack.callback(path.unlink, missing_ok=True)
    handle: Any = stack.enter_context(path.open("w+b"))
    message = read_envelope(response.iter_content(CHUNK),
                            lambda tag: (lambda: (handle, path)) if tag == _STREAM else None)
    _stream, length, mime = _meta(answer_of(message.envelope, "getContentStream"))
    handle.seek(0)
    return WsDownload(stack, iter(lambda: handle.read(CHUNK), b""), length, mime)
