"""Search: records of one class and level whose canonical field equals a value (our ids only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from adapter.api.context import ApiContext
from adapter.api.routes._common import ERRORS, call
from adapter.api.security import Caller, caller, context

__all__ = ["router"]

router = APIRouter(prefix="/suche", tags=["Suche"], responses=ERRORS)

Ctx = Annotated[ApiContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]


@router.get("", summary="Search records by a field (equality; results may trail the DMS's index)")
async def search(ctx: Ctx, who: Who,
                 klasse: Annotated[str, Query(pattern=r"^[a-z][a-z0-9-]{0,63}$", description="Record class.")],
                 feld: Annotated[str, Query(pattern=r"^[a-z][a-zA-Z0-9_.]{0,63}$", description="Canonical field.")],
                 wert: Annotated[str, Query(min_length=1, max_length=1000, description="The value (equality).")],
                 ebene: Annotated[str, Query(pattern=r"^(akte|teilakte|vorgang|dokument)$")] = "dokument",
                 ) -> list[dict[str, Any]]:
    who.require(klasse, "read")
    hits = await call(who, ctx.adapter.search.search, klasse, ebene, feld, wert)
    return [{"id": str(h.id), "ebene": h.level, "record_class": h.record_class, "betreff": h.betreff,
             "aktenzeichen": h.aktenzeichen} for h in hits]
