"""Dokumente: file one (streamed multipart), read its metadata, download its content (streamed, Range)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.responses import StreamingResponse

from adapter.api.context import ApiContext
from adapter.api.idempotency import RequestKey
from adapter.api.models import EntryOut, FilingOut
from adapter.api.problems import problem_response
from adapter.api.routes._common import ERRORS, JOB_ACCEPTED, as_json, call
from adapter.api.routes._filing import file_upload, multipart_body
from adapter.api.security import Caller, ScopedRoute, caller, context, needs
from adapter.domain.errors import NotFound
from adapter.ports.registry import RegistryEntry
from adapter.services.records.service import RecordService

__all__ = ["router"]

router = APIRouter(prefix="/dokumente", tags=["Dokumente"], responses=ERRORS, route_class=ScopedRoute)

Ctx = Annotated[ApiContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_TEXT = {"type": "string", "minLength": 1, "maxLength": 250}
_CLASS = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"}
_FIELDS = {"klasse": _CLASS, "record_class": {**_CLASS, "deprecated": True, "description": "old name of klasse"},
           "betreff": _TEXT,
           "aktenzeichen": _TEXT, "neue_akte": _TEXT, "teilakte": _TEXT, "vorgang": _TEXT, "dokumentart": _TEXT,
           "eingangsdatum": {"type": "string", "format": "date-time"}}


@router.post("", status_code=201, response_model=FilingOut, summary="File a document",
             responses={202: JOB_ACCEPTED},
             openapi_extra=multipart_body(_FIELDS, ["klasse", "betreff"]),
             description="Multipart form; text fields first, then the file part 'datei' (streamed to disk).")
@needs("file")
async def file_document(request: Request, ctx: Ctx, who: Who, idempotency_key: RequestKey) -> Response:
    return await file_upload(request, ctx, who, idempotency_key, lambda fields: fields)


@router.get("/{dokument}", response_model=EntryOut, summary="Metadata of a document")
async def read_document(dokument: UUID, ctx: Ctx, who: Who) -> Response:
    entry, chain = _with_chain(ctx.adapter.records, dokument)  # registry reads only: on the loop (ports/registry)
    who.require(entry.record_class, "read", entry.uuid)
    return as_json(EntryOut(id=entry.uuid, ebene=entry.level, klasse=entry.record_class, betreff=entry.betreff,
                            name=entry.path.rsplit("/", 1)[-1], parent=entry.parent,
                            aktenzeichen=chain[0].aktenzeichen))


def _with_chain(records: RecordService, dokument: UUID) -> tuple[RegistryEntry, list[RegistryEntry]]:
    """The document's entry and its chain up to the Akte (``NotFound`` for anything but a document); local
    registry reads only, short enough for the event loop (``ports.registry``)."""
    entry = records.entry(dokument)
    if entry.level != "dokument":
        raise NotFound(f"no document with id {dokument}")
    return entry, records.chain(entry)


@router.get("/{dokument}/inhalt", summary="Download a document's content (streamed; single byte ranges)",
            response_class=StreamingResponse,
            responses={200: {"content": {"application/octet-stream": {}}}, 206: {"description": "Partial content"},
                       416: ERRORS[400] | {"description": "Range not satisfiable"}})
async def download(dokument: UUID, ctx: Ctx, who: Who,
                   range_: Annotated[str | None, Header(alias="Range")] = None) -> Response:
    records = ctx.adapter.records
    entry = await call(who, records.entry, dokument)
    if entry.level != "dokument":
        raise NotFound(f"no document with id {dokument}")
    who.require(entry.record_class, "read", entry.uuid)
    _entry, item, chunks = await call(who, ctx.adapter.reading.download, dokument, who.clerk)
    size: int | None = item.content_length
    headers = {"Accept-Ranges": "bytes",
               "Content-Disposition": f"attachment; filename*=UTF-8''{quote(item.name, safe='')}"}
    if item.content_sha256:
        headers["ETag"] = f'"{item.content_sha256}"'
    span = _span(range_, size)
    if span is None or size is None:
        if size is not None:
            headers["Content-Length"] = str(size)
        return StreamingResponse(chunks, media_type=item.content_mime or "application/octet-stream",
                                 headers=headers)
    if span == (-1, -1):
        _close(chunks)
        return problem_response("range-not-satisfiable", f"the content has {size} bytes",
                                headers={"Content-Range": f"bytes */{size}"})
    start, end = span
    headers |= {"Content-Range": f"bytes {start}-{end}/{size}", "Content-Length": str(end - start + 1)}
    return StreamingResponse(_slice(chunks, start, end), status_code=206,
                             media_type=item.content_mime or "application/octet-stream", headers=headers)


def _span(header: str | None, size: int | None) -> tuple[int, int] | None:
    """(first, last) byte of a single range; None to send everything; (-1, -1) when unsatisfiable."""
    match = _RANGE.match(header.strip()) if header and size is not None else None
    if match is None or size is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # suffix: the last N bytes
        count = int(last)
        return (max(size - count, 0), size - 1) if count > 0 and size > 0 else (-1, -1)
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return (-1, -1)
    return start, end


def _slice(chunks: Iterator[bytes], start: int, end: int) -> Iterator[bytes]:
    pos = 0
    try:
        for chunk in chunks:
            lo, hi = max(start - pos, 0), min(end + 1 - pos, len(chunk))
            if lo < hi:
                yield chunk[lo:hi]
            pos += len(chunk)
            if pos > end:
                return
    finally:
        _close(chunks)


def _close(chunks: Iterator[bytes]) -> None:
    close = getattr(chunks, "close", None)
    if close is not None:
        close()
