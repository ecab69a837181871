"""Posteingang: file incoming mail into the intake class, and assign an item to a Vorgang."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from adapter.api.context import ApiContext
from adapter.api.idempotency import RequestKey
from adapter.api.models import FilingOut, Zuordnung, ZuordnungOut
from adapter.api.problems import ApiProblem
from adapter.api.routes._common import ERRORS, JOB_ACCEPTED, answer, call, fingerprint
from adapter.api.routes._filing import file_upload, multipart_body
from adapter.api.security import Caller, ScopedRoute, caller, context, needs
from adapter.domain.commands import AssignPosteingang
from adapter.domain.errors import Conflict, NotFound
from adapter.domain.metadata import Bearbeiter

__all__ = ["router"]

router = APIRouter(prefix="/posteingang", tags=["Posteingang"], responses=ERRORS, route_class=ScopedRoute)

Ctx = Annotated[ApiContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]
_TEXT = {"type": "string", "minLength": 1, "maxLength": 250}
_FIELDS = {"betreff": _TEXT, "dokumentart": _TEXT, "eingangsdatum": {"type": "string", "format": "date-time"}}


@router.post("", status_code=201, response_model=FilingOut, summary="File incoming mail into the Posteingang",
             responses={202: JOB_ACCEPTED},
             openapi_extra=multipart_body(_FIELDS, ["betreff", "eingangsdatum"]),
             description="Multipart form; text fields first, then the file part 'datei' (streamed to disk).")
@needs("file")
async def file_incoming(request: Request, ctx: Ctx, who: Who, idempotency_key: RequestKey) -> Response:
    intake = ctx.settings.posteingang_class

    def complete(fields: dict[str, str]) -> dict[str, str]:
        if "klasse" in fields or "record_class" in fields:
            raise ApiProblem("invalid-input", "the Posteingang has its own record class; do not send one")
        if "eingangsdatum" not in fields:
            raise ApiProblem("invalid-input", "eingangsdatum (date and time of receipt) is required, before 'datei'")
        return {**fields, "klasse": intake}

    return await file_upload(request, ctx, who, idempotency_key, complete)


@router.post("/{dokument}/zuordnung", response_model=ZuordnungOut, summary="Assign a Posteingang item to a Vorgang")
@needs("assign")
async def assign(dokument: UUID, body: Zuordnung, ctx: Ctx, who: Who, idempotency_key: RequestKey) -> Response:
    records = ctx.adapter.records
    clerk = Bearbeiter(kennung=who.clerk)
    doc = await call(who, records.entry, dokument)
    if doc.level != "dokument":
        raise NotFound(f"no document with id {dokument}")
    who.require(doc.record_class, "read", doc.uuid)
    if body.vorgang_id is not None and not (body.aktenzeichen or body.vorgang):
        target = await call(who, records.entry, body.vorgang_id)
    elif body.vorgang_id is None and body.aktenzeichen and body.vorgang:
        akte = await call(who, records.akte, body.aktenzeichen)
        who.require(akte.record_class, "assign", akte.uuid)
        target = await call(who, records.container, akte, "vorgang", body.vorgang, clerk)
    else:
        raise ApiProblem("invalid-input", "name the target: vorgang_id, or aktenzeichen with vorgang")
    who.require(target.record_class, "assign", target.uuid)
    if doc.record_class != ctx.settings.posteingang_class and doc.parent != target.uuid:
        raise Conflict("this document is not in the Posteingang (it was assigned already)")

    async def produce() -> dict[str, Any]:
        moved = await call(who, records.assign, AssignPosteingang(bearbeiter=clerk, dokument_id=dokument,
                                                                  vorgang_id=target.uuid))
        return ZuordnungOut(id=moved.uuid, vorgang=target.uuid, klasse=moved.record_class).model_dump(
            mode="json")

    return await answer(ctx, idempotency_key, fingerprint("assign", str(dokument), body.model_dump(mode="json")),
                        200, produce)
