"""Streamed multipart uploads: the file part goes to a spool file on disk while it is hashed.

Nothing of the file is held in memory beyond one network chunk. Hashing and writing stay on the event
loop, chunk by chunk: handing ~1 MiB batches to worker threads was measured (issue 18) and was no faster
here: the kernel's socket buffer already receives while a chunk is hashed, and the threads competed for
the same two cores. ``read_form`` returns the text
fields and a ``FileContent`` (size and SHA-256 already known) over the spool file; the caller
removes it with ``SpooledForm.close``. Limits: the whole body, each text field, the field count.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from adapter.api.problems import ApiProblem
from adapter.services.content import FileContent

__all__ = ["FILE_FIELD", "SpooledBody", "SpooledForm", "read_body", "read_form"]

FILE_FIELD = "datei"
_MAX_FIELD_BYTES, _MAX_FIELDS = 8192, 32
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


class _Collector:
    """Callbacks of the multipart parser: text fields in memory (bounded), the file to disk."""

    def __init__(self, form: SpooledForm, spool_dir: Path,
                 before_file: Callable[[dict[str, str]], None] | None = None) -> None:
        self.form, self.spool_dir, self.before_file = form, spool_dir, before_file
        self.headers: dict[bytes, bytes] = {}
        self._hname, self._hvalue = b"", b""
        self.name: str | None = None
        self.filename: str | None = None
        self.buffer = bytearray()
        self.out: IO[bytes] | None = None
        self.digest = hashlib.sha256()
        self.size = 0

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
            if self.out is not None:
                raise ApiProblem("invalid-input", f"only one '{FILE_FIELD}' part is allowed")
            if self.before_file is not None:  # e.g. authorization: refused before any byte is spooled
                self.before_file(dict(self.form.fields))
            self.filename = _safe_name(raw.decode("utf-8", "replace") if raw is not None else "")
            self.spool_dir.mkdir(parents=True, exist_ok=True)
            fd, path = tempfile.mkstemp(prefix="upload-", dir=self.spool_dir)
            self.form._spool = Path(path)
            self.out = os.fdopen(fd, "wb")
        elif len(self.form.fields) >= _MAX_FIELDS:
            raise ApiProblem("invalid-input", "too many form fields")

    def part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.filename is not None and self.out is not None:
            self.out.write(chunk)
            self.digest.update(chunk)
            self.size += len(chunk)
            return
        self.buffer += chunk
        if len(self.buffer) > _MAX_FIELD_BYTES:
            raise ApiProblem("payload-too-large", f"form field {self.name!r} is longer than {_MAX_FIELD_BYTES} bytes")

    def part_end(self) -> None:
        if self.filename is not None and self.out is not None:
            self.out.close()
            media = self.headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip()
            assert self.form._spool is not None
            self.form.file = FileContent(self.form._spool, self.filename,
                                         media if _MEDIA_TYPE.match(media) else "application/octet-stream",
                                         self.size, self.digest.hexdigest())
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

    ``before_file`` sees the text fields sent before the file part and may refuse by raising.
    """
    kind, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise ApiProblem("unsupported-media-type", "send multipart/form-data with a boundary")
    form = SpooledForm()
    collector = _Collector(form, spool_dir, before_file)
    parser = MultipartParser(boundary, collector.callbacks())  # type: ignore[arg-type]
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit:
                raise ApiProblem("payload-too-large", f"the upload is larger than {limit} bytes")
            parser.write(chunk)
        parser.finalize()
        if collector.out is not None and form.file is None:
            raise ApiProblem("invalid-input", "the multipart body ends inside the file part")
    except MultipartParseError:
        form.close()
        raise ApiProblem("invalid-input", "the multipart body is malformed") from None
    except BaseException:
        form.close()
        raise
    finally:
        if collector.out is not None and not collector.out.closed:
            collector.out.close()
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
