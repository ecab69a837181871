"""Search: records of one class and level whose canonical field equals a value (our ids only)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from adapter.api.context import ApiContext
from adapter.api.models import SearchHit
from adapter.api.routes._common import ERRORS, call
from adapter.api.security import Caller, ScopedRoute, caller, context

__all__ = ["router"]

router = APIRouter(prefix="/suche", tags=["Suche"], responses=ERRORS, route_class=ScopedRoute)

Ctx = Annotated[ApiContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]


@router.get("", response_model=list[SearchHit],
            summary="Search records by a field (equality; results may trail the DMS's index)")
async def search(ctx: Ctx, who: Who,
                 klasse: Annotated[str, Query(pattern=r"^[a-z][a-z0-9-]{0,63}$", description="Record class.")],
                 feld: Annotated[str, Query(pattern=r"^[a-z][a-zA-Z0-9_.]{0,63}$", description="Canonical field.")],
                 wert: Annotated[str, Query(min_length=1, max_length=1000, description="The value (equality).")],
                 ebene: Annotated[str, Query(pattern=r"^(akte|teilakte|vorgang|dokument)$")] = "dokument",
                 ) -> list[dict[str, Any]]:
    who.require(klasse, "read")
    hits = await call(who, ctx.adapter.search.search, klasse, ebene, feld, wert)
    return [SearchHit(id=h.id, ebene=h.level, klasse=h.record_class, betreff=h.betreff,
                      aktenzeichen=h.aktenzeichen or await _aktenzeichen(ctx, who, h.id)).model_dump(mode="json")
            for h in hits]


async def _aktenzeichen(ctx: ApiContext, who: Caller, record: UUID) -> str | None:
    """The Aktenzeichen of the Akte a hit lies in (as ``GET /dokumente/{id}`` answers it)."""
    records = ctx.adapter.records
    chain = await call(who, records.chain, await call(who, records.entry, record))
    return chain[0].aktenzeichen if chain else None
