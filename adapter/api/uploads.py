"""Streamed multipart uploads: the file part goes to a spool file on disk while it is hashed.

Nothing of the file is held in memory beyond two batches of about ``BATCH_BYTES`` (views of the
received chunks, not copies): worker threads hash and write one while the event loop receives the
next. ``read_form`` returns the text fields and a ``FileContent`` (size and SHA-256 already known) over
the spool file; the caller removes it with ``SpooledForm.close``.
Limits: the whole body, each text field, the field count.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from adapter.api.problems import ApiProblem
from adapter.services.content import FileContent

__all__ = ["BATCH_BYTES", "FILE_FIELD", "SpooledBody", "SpooledForm", "read_body", "read_form"]

FILE_FIELD = "datei"
_MAX_FIELD_BYTES, _MAX_FIELDS = 8192, 32
BATCH_BYTES = 1024 * 1024  # the file part goes to the worker thread in batches of about this size
_MEDIA_TYPE = re.compile(r"^[\w.+-]{1,64}/[\w.+-]{1,128}$")


@dataclass
class SpooledForm:
    fields: dict[str, str] = field(default_factory=dict)
    file: FileContent | None = None
    _spool: Path | None = None

    def close(self) -> None:
        if self._spool is not None:
            self._spool.unlink(missing_ok=True)
            self._spool = None


class _Sink:
    """The file part on its way to disk: hashed and written in order, a batch at a time, off the event loop.

    The batches are views of the received chunks (no copy); the file is unbuffered (no second copy).
    ``hashlib`` and the write release the GIL: two worker threads hash and write the same batch at once
    while the event loop receives and parses the next one.
    """

    def __init__(self, fd: int) -> None:
        self.out = open(fd, "wb", buffering=0)  # noqa: SIM115 (closed by close())
        self.digest = hashlib.sha256()
        self._lock = threading.Lock()  # close() waits for a batch being written (never a reused descriptor)

    def hash(self, views: list[memoryview]) -> None:
        for view in views:
            self.digest.update(view)

    def write(self, views: list[memoryview]) -> None:
        with self._lock:
            if self.out.closed:  # the upload was abandoned meanwhile
                return
            for view in views:
                while view:
                    view = view[self.out.write(view) or 0:]

    def close(self) -> None:
        with self._lock:
            self.out.close()


class _Collector:
    """Callbacks of the multipart parser: text fields in memory (bounded), the file as views of the chunks
    (``pending``) that ``read_form`` hands to the ``_Sink`` in batches of about ``BATCH_BYTES``."""

    def __init__(self, form: SpooledForm, spool_dir: Path,
                 before_file: Callable[[dict[str, str]], None] | None = None) -> None:
        self.form, self.spool_dir, self.before_file = form, spool_dir, before_file
        self.headers: dict[bytes, bytes] = {}
        self._hname, self._hvalue = b"", b""
        self.name: str | None = None
        self.filename: str | None = None
        self.buffer = bytearray()
        self.sink: _Sink | None = None
        self.pending: list[memoryview] = []
        self.pending_bytes = 0
        self.size = 0
        self.file_name: str | None = None  # set when the file part has ended
        self.media_type = "application/octet-stream"

    def callbacks(self) -> dict[str, Any]:
        return {"on_part_begin": self.part_begin, "on_header_field": self.header_field,
                "on_header_value": self.header_value, "on_header_end": self.header_end,
                "on_headers_finished": self.headers_finished, "on_part_data": self.part_data,
                "on_part_end": self.part_end}

    def part_begin(self) -> None:
        self.headers, self.name, self.filename, self.buffer = {}, None, None, bytearray()

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._hname += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._hvalue += data[start:end]

    def header_end(self) -> None:
        self.headers[self._hname.lower()] = self._hvalue
        self._hname, self._hvalue = b"", b""

    def headers_finished(self) -> None:
        _kind, params = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.name = params.get(b"name", b"").decode("utf-8", "replace")
        raw = params.get(b"filename")
        if self.name == FILE_FIELD:
            if self.sink is not None:
                raise ApiProblem("invalid-input", f"only one '{FILE_FIELD}' part is allowed")
            if self.before_file is not None:  # e.g. authorization: refused before any byte is spooled
                self.before_file(dict(self.form.fields))
            self.filename = _safe_name(raw.decode("utf-8", "replace") if raw is not None else "")
            self.spool_dir.mkdir(parents=True, exist_ok=True)
            fd, path = tempfile.mkstemp(prefix="upload-", dir=self.spool_dir)
            self.form._spool = Path(path)
            self.sink = _Sink(fd)
        elif len(self.form.fields) >= _MAX_FIELDS:
            raise ApiProblem("invalid-input", "too many form fields")

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self.filename is not None and self.sink is not None:
            view = memoryview(data if isinstance(data, bytes) else bytes(data))[start:end]  # bytes never change
            self.pending.append(view)
            self.pending_bytes += end - start
            self.size += end - start
            return
        self.buffer += data[start:end]
        if len(self.buffer) > _MAX_FIELD_BYTES:
            raise ApiProblem("payload-too-large", f"form field {self.name!r} is longer than {_MAX_FIELD_BYTES} bytes")

    def take(self) -> list[memoryview]:
        batch, self.pending, self.pending_bytes = self.pending, [], 0
        return batch

    def part_end(self) -> None:
        if self.filename is not None and self.sink is not None:
            media = self.headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip()
            self.media_type = media if _MEDIA_TYPE.match(media) else "application/octet-stream"
            self.file_name, self.filename = self.filename, None
        elif self.name:
            try:
                self.form.fields[self.name] = self.buffer.decode("utf-8")
            except UnicodeDecodeError:
                raise ApiProblem("invalid-input", f"form field {self.name!r} is not UTF-8") from None


def _safe_name(name: str) -> str:
    base = re.sub(r"[\x00-\x1f\x7f]", "", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")
    return base[:200] or "dokument"


async def read_form(request: Request, spool_dir: Path, limit: int,
                    before_file: Callable[[dict[str, str]], None] | None = None) -> SpooledForm:
    """Parse the multipart body of ``request`` as it arrives (the spool file is removed on failure).

    The file part is hashed and written by worker threads in batches of about ``BATCH_BYTES`` while the
    next batch is received, one batch at a time (memory stays bounded, the order is kept).
    ``before_file`` sees the text fields sent before the file part and may refuse by raising.
    """
    kind, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise ApiProblem("unsupported-media-type", "send multipart/form-data with a boundary")
    form = SpooledForm()
    collector = _Collector(form, spool_dir, before_file)
    parser = MultipartParser(boundary, collector.callbacks())  # type: ignore[arg-type]
    loop = asyncio.get_running_loop()
    writing: list[asyncio.Future[None]] = []

    async def flush() -> None:
        while writing:
            await writing.pop()
        if collector.pending and collector.sink is not None:
            batch = collector.take()
            writing.extend((loop.run_in_executor(None, collector.sink.hash, batch),
                            loop.run_in_executor(None, collector.sink.write, batch)))

    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit:
                raise ApiProblem("payload-too-large", f"the upload is larger than {limit} bytes")
            parser.write(chunk)
            if collector.pending_bytes >= BATCH_BYTES:
                await flush()
        parser.finalize()
        await flush()  # the last batch
        await flush()  # ... written
        if collector.sink is not None:
            collector.sink.close()
            if collector.file_name is None or form._spool is None:
                raise ApiProblem("invalid-input", "the multipart body ends inside the file part")
            form.file = FileContent(form._spool, collector.file_name, collector.media_type, collector.size,
                                    collector.sink.digest.hexdigest())
    except BaseException as exc:
        for future in writing:  # a failed batch is reported by the exception that ended the upload
            future.add_done_callback(lambda done: done.cancelled() or done.exception())
        if collector.sink is not None:
            collector.sink.close()
        form.close()
        if isinstance(exc, MultipartParseError):
            raise ApiProblem("invalid-input", "the multipart body is malformed") from None
        raise
    return form


@dataclass
class SpooledBody:
    """A raw request body on disk (e.g. an xdomea container), with its size, SHA-256 and first bytes."""

    path: Path
    size: int
    sha256: str
    head: bytes

    def close(self) -> None:
        self.path.unlink(missing_ok=True)


async def read_body(request: Request, spool_dir: Path, limit: int) -> SpooledBody:
    """Stream the raw body of ``request`` to a spool file while hashing it (removed on failure)."""
    spool_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="body-", dir=spool_dir)
    path, digest, size, head = Path(name), hashlib.sha256(), 0, b""
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise ApiProblem("payload-too-large", f"the upload is larger than {limit} bytes")
                if len(head) < 8:
                    head += chunk[: 8 - len(head)]
                out.write(chunk)
                digest.update(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return SpooledBody(path, size, digest.hexdigest(), head)
