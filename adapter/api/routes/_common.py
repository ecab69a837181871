"""Shared by the routes: calling a service off the event loop, and answering under an Idempotency-Key."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import structlog
from fastapi import Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from adapter.api.context import ApiContext
from adapter.api.jobs import accepted, view
from adapter.api.models import JobOut, Problem
from adapter.api.problems import ApiProblem
from adapter.api.security import Caller
from adapter.audit.trail import acting_for
from adapter.domain.errors import RequestInProgress
from adapter.domain.idempotency import IdempotencyKey
from adapter.domain.jobs import Job
from adapter.ports.replay import StoredAnswer

__all__ = ["ERRORS", "JOB_ACCEPTED", "answer", "answer_job", "as_json", "call", "fingerprint"]

T = TypeVar("T")
Locate = Callable[[dict[str, Any]], str]  # the URL of what a 201 created, from its body

_PROBLEM = {"model": Problem, "content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {s: {"description": d, **_PROBLEM} for s, d in (
    (400, "Invalid request"), (401, "Not authenticated"), (403, "Not allowed for this client"),
    (404, "No such record"), (409, "Conflict"), (413, "Too large"), (422, "Idempotency-Key reused"),
    (429, "Rate limit"), (503, "DMS unavailable"))}

JOB_ACCEPTED: dict[str, Any] = {"model": JobOut, "description": "Accepted as a job; poll the Location (/jobs/{id})"}


def as_json(model: BaseModel) -> Response:
    """``model``, the route's declared ``response_model`` built and checked by the route, as its JSON answer:
    serialised once, where a returned dict would be validated against the model again and then serialised."""
    return Response(model.model_dump_json(), media_type="application/json")


async def call(caller: Caller, fn: Callable[..., T], *args: Any) -> T:
    """Run a (blocking) service call in the thread pool, on behalf of the caller's client system."""

    def run() -> T:
        with acting_for(caller.client.name), structlog.contextvars.bound_contextvars(tenant=caller.tenant):
            return fn(*args)

    return await run_in_threadpool(run)


def fingerprint(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


async def _begin(ctx: ApiContext, key: IdempotencyKey, print_: str) -> StoredAnswer | None:
    try:
        return await run_in_threadpool(ctx.adapter.replay.begin, key, print_)
    except RequestInProgress as exc:
        raise ApiProblem("idempotency-key-in-use", exc.message, headers={"Retry-After": "1"}) from exc


def _located(status: int, body: dict[str, Any], location: Locate | None) -> dict[str, str]:
    return {"Location": location(body)} if location is not None and status == 201 else {}


async def answer(ctx: ApiContext, key: IdempotencyKey | None, print_: str, status: int,
                 produce: Callable[[], Awaitable[dict[str, Any]]], location: Locate | None = None) -> Response:
    """``produce`` once per key: a repeat with the same fingerprint replays, another fingerprint is 422.
    A 201 carries ``Location: location(body)``, also when it is replayed."""
    if key is None:
        made = await produce()
        return JSONResponse(made, status_code=status, headers=_located(status, made, location))
    replay = ctx.adapter.replay
    stored = await _begin(ctx, key, print_)
    if stored is not None:
        ctx.metrics.idempotent_replays.inc()
        return Response(stored.body, status_code=stored.status, media_type="application/json",
                        headers={"Idempotent-Replayed": "true",
                                 **_located(stored.status, json.loads(stored.body), location)})
    try:
        made = await produce()
        body = json.dumps(made, default=str)
    except BaseException:
        await run_in_threadpool(replay.abandon, key)
        raise
    await run_in_threadpool(replay.finish, key, status, body)
    return Response(body, status_code=status, media_type="application/json",
                    headers=_located(status, made, location))


async def answer_job(ctx: ApiContext, caller: Caller, key: IdempotencyKey | None, print_: str,
                     submit: Callable[[], Job]) -> Response:
    """202 with the job ``submit`` journals; a repeat under the same key shows that job's current state."""
    if key is None:
        return accepted(view(await run_in_threadpool(submit)))
    replay = ctx.adapter.replay
    stored = await _begin(ctx, key, print_)
    if stored is not None:
        ctx.metrics.idempotent_replays.inc()
        job = await run_in_threadpool(ctx.adapter.jobs.get, caller.client.name,
                                      uuid.UUID(json.loads(stored.body)["id"]))
        response = accepted(view(job))
        response.headers["Idempotent-Replayed"] = "true"
        return response
    try:
        shown = view(await run_in_threadpool(submit))
    except BaseException:
        await run_in_threadpool(replay.abandon, key)
        raise
    await run_in_threadpool(replay.finish, key, 202, json.dumps({"id": shown["id"]}))
    return accepted(shown)
