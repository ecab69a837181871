"""The Aussonderung as API operations: candidates, offers (0501), deliveries (0503), the state of a process.

Scopes of their own: ``aussonderung:read`` (candidates, status) and ``aussonderung:run`` (offer,
deliver). The service audits what leaves the DMS (``export`` per record offered or delivered, with
the client and the acting clerk) and the listing of confidential records (``read``). Messages go over
XTA; the archive's answers arrive through the XTA inbox (``xta poll``) or ``POST /xdomea``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from adapter.api.context import ApiContext
from adapter.api.routes._common import ERRORS, call
from adapter.api.security import Caller, ScopedRoute, caller, context, needs

__all__ = ["router"]

router = APIRouter(prefix="/aussonderung", tags=["Aussonderung"], responses=ERRORS, route_class=ScopedRoute)
Ctx = Annotated[ApiContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]
_SCOPE = "aussonderung"
Klasse = Annotated[str | None, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description="Only this record class.")]


class OfferIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    klasse: Klasse = None
    ids: list[UUID] = Field(default_factory=list, max_length=10_000, description="Only these records (our ids).")
    mit_a: bool = Field(False, description="Offer records of Aussonderungsart A too (else: delivered directly).")


class DeliverIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    prozess_id: UUID | None = Field(None, description="Only this process; without it every process with objects "
                                                      "ready, and the candidates of Aussonderungsart A directly.")
    klasse: Klasse = None
    ids: list[UUID] = Field(default_factory=list, max_length=10_000)


@router.get("/kandidaten", summary="Records due: zdA, retention over, no legal hold (aussonderung:read)")
async def candidates(ctx: Ctx, who: Who,
                     klasse: Annotated[str | None, Query(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")] = None,
                     bis: Annotated[date | None, Query(description="Retention over by this day")] = None,
                     ) -> list[dict[str, object]]:
    who.require(_SCOPE, "read")
    found = await call(who, lambda: ctx.adapter.aussonderung.candidates(record_class=klasse, bis=bis,
                                                                          clerk=who.clerk))
    return [c.as_dict() for c in found]


@router.post("/anbietungen", summary="Offer the candidates to the archive: a 0501 (aussonderung:run)")
@needs("run")
async def offer(body: OfferIn, ctx: Ctx, who: Who) -> dict[str, object]:
    who.require(_SCOPE, "run")
    done = await call(who, lambda: ctx.adapter.aussonderung.offer(clerk=who.clerk, record_class=body.klasse,
                                                                  ids=body.ids, include_a=body.mit_a))
    return done.as_dict()


@router.post("/abgaben", summary="Deliver what the archive takes: 0503 with the primary files (aussonderung:run)")
@needs("run")
async def deliver(body: DeliverIn, ctx: Ctx, who: Who) -> list[dict[str, object]]:
    who.require(_SCOPE, "run")
    done = await call(who, lambda: ctx.adapter.aussonderung.deliver(
        clerk=who.clerk, process_id=str(body.prozess_id) if body.prozess_id else None, record_class=body.klasse,
        ids=body.ids))
    return [d.as_dict() for d in done]


@router.get("/prozesse", summary="Every Aussonderung with its objects by state (aussonderung:read)")
async def processes(ctx: Ctx, who: Who) -> dict[str, Any]:
    who.require(_SCOPE, "read")
    found: dict[str, Any] = await call(who, ctx.adapter.aussonderung.status)
    return found


@router.get("/prozesse/{prozess_id}", summary="One Aussonderung, object by object (aussonderung:read)")
async def process(prozess_id: Annotated[UUID, Path()], ctx: Ctx, who: Who) -> dict[str, Any]:
    who.require(_SCOPE, "read")
    found: dict[str, Any] = await call(who, ctx.adapter.aussonderung.status, str(prozess_id))
    return found
