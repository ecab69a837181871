"""Jobs: the state (and, when done, the result) of a 202 answer; only the submitting client sees it."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from adapter.api.context import ApiContext
from adapter.api.jobs import view
from adapter.api.models import JobOut
from adapter.api.routes._common import ERRORS
from adapter.api.security import Caller, caller, context

__all__ = ["accepted", "router"]

router = APIRouter(prefix="/jobs", tags=["Jobs"], responses=ERRORS)

Ctx = Annotated[ApiContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]


def accepted(shown: dict[str, Any], status: int = 202) -> Response:
    """A job answer: ``Location`` to poll, ``Retry-After`` while it is not finished."""
    headers = {"Location": f"/jobs/{shown['id']}"}
    if shown["state"] not in ("done", "failed", "discarded"):
        headers["Retry-After"] = "1"
    return JSONResponse(shown, status_code=status, headers=headers)


@router.get("/{job}", response_model=JobOut, summary="State of an asynchronous job; its result once done")
async def read_job(job: UUID, ctx: Ctx, who: Who) -> Response:
    found = await run_in_threadpool(ctx.adapter.jobs.get, who.client.name, job)
    return accepted(view(found), 200)
