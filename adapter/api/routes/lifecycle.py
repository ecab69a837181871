"""The record lifecycle (``LifecycleService``): metadata, versions, deletion marks, zdA, final deletion.

Each operation checks the record's class against the client's scope first (``update``,
``version``, ``mark``, ``zda``, ``delete``; ``read`` for the version list) and then calls the
service, whose operations are idempotent and all-or-nothing; errors are problem+json as elsewhere.
Records are named by our UUIDs (Akten also by Aktenzeichen for ``PATCH /akten/{az}``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from adapter.api.context import ApiContext
from adapter.api.idempotency import RequestKey
from adapter.api.models import Text
from adapter.api.problems import ApiProblem
from adapter.api.routes._common import ERRORS, call
from adapter.api.security import Caller, ScopedRoute, caller, context, needs
from adapter.api.uploads import FILE_FIELD, read_form
from adapter.domain.commands import (
    AddVersion,
    CloseZdA,
    DeletePermanently,
    MarkForDeletion,
    ReleaseHold,
    ReopenZdA,
    SetHold,
    UnmarkForDeletion,
    UpdateMetadata,
)
from adapter.domain.errors import NotFound
from adapter.domain.idempotency import IdempotencyKey
from adapter.domain.metadata import Bearbeiter
from adapter.domain.records import PrimaryFile
from adapter.ports.registry import RegistryEntry
from adapter.services.lifecycle.service import LifecycleService

__all__ = ["router"]

router = APIRouter(tags=["Lebenszyklus"], responses=ERRORS, route_class=ScopedRoute)
Ctx = Annotated[ApiContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]
Az = Annotated[str, Path(pattern=r"^[\w.\-]{1,64}$", description="Aktenzeichen of the Akte.")]
_LEVELS: dict[str, tuple[str, ...]] = {"akten": ("akte",), "vorgaenge": ("vorgang", "teilakte"),
                                       "dokumente": ("dokument",)}


class Changes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    betreff: Text | None = None
    vertraulichkeit: Text | None = None
    medium: Text | None = None
    dokumentart: Text | None = None


class Mark(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    grund: Text


class Close(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    ende: date | None = None


class RecordOut(BaseModel):
    id: UUID
    ebene: str
    klasse: str
    betreff: str


class VersionOut(BaseModel):
    dokument: UUID
    label: str
    major: bool
    size: int | None
    sha256: str | None


def _out(entry: RegistryEntry) -> dict[str, Any]:
    return RecordOut(id=entry.uuid, ebene=entry.level, klasse=entry.record_class,
                     betreff=entry.betreff).model_dump(mode="json")


async def _entry(ctx: ApiContext, who: Caller, uuid: UUID, level: str | tuple[str, ...],
                 operation: str) -> RegistryEntry:
    entry: RegistryEntry = await call(who, ctx.adapter.records.entry, uuid)
    if entry.level not in ((level,) if isinstance(level, str) else level):
        raise NotFound(f"no such record {uuid}")
    who.require(entry.record_class, operation, entry.uuid)
    return entry


def _service(ctx: ApiContext) -> LifecycleService:
    return ctx.adapter.lifecycle


async def _update(ctx: ApiContext, who: Caller, entry: RegistryEntry, body: Changes) -> dict[str, Any]:
    changes = body.model_dump(exclude_none=True)
    if not changes:
        raise ApiProblem("invalid-input", "name at least one field to change")
    done = await call(who, _service(ctx).update_metadata, UpdateMetadata(
        bearbeiter=Bearbeiter(kennung=who.clerk), object_id=entry.uuid, changes=changes))
    return _out(done)


@router.patch("/dokumente/{dokument}", response_model=RecordOut, summary="Change a document's metadata")
@needs("update")
async def patch_document(dokument: UUID, body: Changes, ctx: Ctx, who: Who) -> dict[str, Any]:
    return await _update(ctx, who, await _entry(ctx, who, dokument, "dokument", "update"), body)


@router.patch("/akten/{aktenzeichen}", response_model=RecordOut, summary="Change an Akte's metadata")
@needs("update")
async def patch_akte(aktenzeichen: Az, body: Changes, ctx: Ctx, who: Who) -> dict[str, Any]:
    akte = await call(who, ctx.adapter.records.akte, aktenzeichen)
    who.require(akte.record_class, "update", akte.uuid)
    return await _update(ctx, who, akte, body)


@router.get("/dokumente/{dokument}/versionen", response_model=list[VersionOut], summary="Versions, newest first")
async def versions(dokument: UUID, ctx: Ctx, who: Who) -> list[dict[str, Any]]:
    await _entry(ctx, who, dokument, "dokument", "read")
    found = await call(who, _service(ctx).versions, dokument)
    return [VersionOut(dokument=v.dokument, label=v.label, major=v.major, size=v.size,
                       sha256=v.sha256).model_dump(mode="json") for v in found]


@router.post("/dokumente/{dokument}/versionen", status_code=201, response_model=VersionOut,
             summary="Add a version (multipart, the file part 'datei', streamed to disk)",
             openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                 "type": "object", "required": [FILE_FIELD], "additionalProperties": False,
                 "properties": {FILE_FIELD: {"type": "string", "format": "binary"}}}}}}})
@needs("version")
async def add_version(dokument: UUID, request: Request, ctx: Ctx, who: Who, idempotency_key: RequestKey) -> Response:
    await _entry(ctx, who, dokument, "dokument", "version")
    form = await read_form(request, ctx.settings.spool_dir, ctx.settings.max_upload_bytes)
    try:
        content = form.file
        if content is None or form.fields:
            raise ApiProblem("invalid-input", f"send exactly one file part '{FILE_FIELD}'")
        key = idempotency_key or IdempotencyKey.of_parts("version", {"dokument": str(dokument),
                                                                      "sha256": content.sha256})
        cmd = AddVersion(bearbeiter=Bearbeiter(kennung=who.clerk), dokument_id=dokument, idempotency_key=key,
                         dateien=(PrimaryFile(content.name, content.media_type, content.size, content.sha256),))
        made = await call(who, _service(ctx).add_version, cmd, content)
        return JSONResponse(VersionOut(dokument=made.dokument, label=made.label, major=made.major, size=made.size,
                                       sha256=made.sha256).model_dump(mode="json"), status_code=201,
                            headers={"Location": f"/dokumente/{dokument}/versionen"})
    finally:
        form.close()


def _level(kind: str) -> tuple[str, ...]:
    if kind not in _LEVELS:
        raise NotFound(f"no collection {kind!r}")
    return _LEVELS[kind]


_Kind = Annotated[str, Path(pattern=r"^(akten|vorgaenge|dokumente)$", description="akten, vorgaenge or dokumente")]


@router.put("/{kind}/{record}/loeschmarkierung", response_model=RecordOut, summary="Mark a record for deletion")
@needs("mark")
async def mark(kind: _Kind, record: UUID, body: Mark, ctx: Ctx, who: Who) -> dict[str, Any]:
    entry = await _entry(ctx, who, record, _level(kind), "mark")
    return _out(await call(who, _service(ctx).mark_for_deletion, MarkForDeletion(
        bearbeiter=Bearbeiter(kennung=who.clerk), object_id=entry.uuid, grund=body.grund)))


@router.delete("/{kind}/{record}/loeschmarkierung", response_model=RecordOut, summary="Clear the deletion mark")
async def unmark(kind: _Kind, record: UUID, ctx: Ctx, who: Who) -> dict[str, Any]:
    entry = await _entry(ctx, who, record, _level(kind), "mark")
    return _out(await call(who, _service(ctx).unmark_for_deletion, UnmarkForDeletion(
        bearbeiter=Bearbeiter(kennung=who.clerk), object_id=entry.uuid)))


@router.put("/{kind}/{record}/loeschsperre", response_model=RecordOut,
            summary="Set a legal hold: no deletion, no Aussonderung (scope mark)")
@needs("mark")
async def hold(kind: _Kind, record: UUID, body: Mark, ctx: Ctx, who: Who) -> dict[str, Any]:
    entry = await _entry(ctx, who, record, _level(kind), "mark")
    return _out(await call(who, _service(ctx).set_hold, SetHold(
        bearbeiter=Bearbeiter(kennung=who.clerk), object_id=entry.uuid, grund=body.grund)))


@router.delete("/{kind}/{record}/loeschsperre", response_model=RecordOut, summary="Release a legal hold")
@needs("mark")
async def release(kind: _Kind, record: UUID, ctx: Ctx, who: Who) -> dict[str, Any]:
    entry = await _entry(ctx, who, record, _level(kind), "mark")
    return _out(await call(who, _service(ctx).release_hold, ReleaseHold(
        bearbeiter=Bearbeiter(kennung=who.clerk), object_id=entry.uuid)))


@router.put("/{kind}/{record}/zda", response_model=RecordOut, summary="Close an Akte or Vorgang zdA")
@needs("zda")
async def close(kind: _Kind, record: UUID, ctx: Ctx, who: Who, body: Close | None = None) -> dict[str, Any]:
    entry = await _entry(ctx, who, record, _level(kind), "zda")
    return _out(await call(who, _service(ctx).close_zda, CloseZdA(
        bearbeiter=Bearbeiter(kennung=who.clerk), object_id=entry.uuid, ende=body.ende if body else None)))


@router.delete("/{kind}/{record}/zda", response_model=RecordOut, summary="Reopen a record closed zdA")
async def reopen(kind: _Kind, record: UUID, ctx: Ctx, who: Who) -> dict[str, Any]:
    entry = await _entry(ctx, who, record, _level(kind), "zda")
    return _out(await call(who, _service(ctx).reopen_zda, ReopenZdA(
        bearbeiter=Bearbeiter(kennung=who.clerk), object_id=entry.uuid)))


@router.delete("/dokumente/{dokument}", status_code=204, summary="Delete a document marked for deletion, "
               "after its retention period (final)")
async def delete(dokument: UUID, ctx: Ctx, who: Who) -> Response:
    entry = await _entry(ctx, who, dokument, "dokument", "delete")
    await call(who, _service(ctx).delete_permanently, DeletePermanently(
        bearbeiter=Bearbeiter(kennung=who.clerk), object_id=entry.uuid))
    return Response(status_code=204)
