"""Vorgänge and Teilakten: read one by our id (the ``Location`` of ``POST /akten/{aktenzeichen}/vorgaenge``)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends

from adapter.api.context import ApiContext
from adapter.api.models import EntryOut
from adapter.api.routes._common import ERRORS, call
from adapter.api.security import Caller, ScopedRoute, caller, context
from adapter.domain.errors import NotFound

__all__ = ["router"]

router = APIRouter(prefix="/vorgaenge", tags=["Akten"], responses=ERRORS, route_class=ScopedRoute)

Ctx = Annotated[ApiContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]


@router.get("/{vorgang}", response_model=EntryOut, summary="A Vorgang or Teilakte by its id")
async def read_container(vorgang: UUID, ctx: Ctx, who: Who) -> dict[str, Any]:
    records = ctx.adapter.records
    entry = await call(who, records.entry, vorgang)
    if entry.level not in ("vorgang", "teilakte"):
        raise NotFound(f"no Vorgang or Teilakte with id {vorgang}")
    who.require(entry.record_class, "read", entry.uuid)
    chain = await call(who, records.chain, entry)
    return EntryOut(id=entry.uuid, ebene=entry.level, klasse=entry.record_class, betreff=entry.betreff,
                    name=entry.path.rsplit("/", 1)[-1], parent=entry.parent,
                    aktenzeichen=chain[0].aktenzeichen).model_dump(mode="json")
