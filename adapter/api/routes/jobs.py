"""Jobs: the state (and, when done, the result) of a 202 answer; only the submitting client sees it."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response
from starlette.concurrency import run_in_threadpool

from adapter.api.context import ApiContext
from adapter.api.jobs import accepted, view
from adapter.api.models import JobOut
from adapter.api.routes._common import ERRORS
from adapter.api.security import Caller, ScopedRoute, caller, context

__all__ = ["router"]

router = APIRouter(prefix="/jobs", tags=["Jobs"], responses=ERRORS, route_class=ScopedRoute)

Ctx = Annotated[ApiContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]


@router.get("/{job}", response_model=JobOut, summary="State of an asynchronous job; its result once done")
async def read_job(job: UUID, ctx: Ctx, who: Who) -> Response:
    found = await run_in_threadpool(ctx.adapter.jobs.get, who.client.name, job)
    return accepted(view(found), 200)
