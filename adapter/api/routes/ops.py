"""Operations: liveness, readiness (DMS reachable, stores writable, not draining), Prometheus metrics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool

from adapter.api.context import ApiContext
from adapter.api.problems import problem_response
from adapter.api.security import app_context, metrics_reader
from adapter.domain.errors import AdapterError

__all__ = ["dms_reachable", "router", "workers_claiming"]

log = structlog.get_logger(__name__)
router = APIRouter(tags=["Betrieb"])
Ctx = Annotated[ApiContext, Depends(app_context)]


@router.get("/health/live", summary="The process answers")
async def live() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/health/ready", summary="Ready for traffic: DMS reachable, registry and stores writable",
            responses={503: {"description": "Not ready", "content": {"application/problem+json": {}}}})
async def ready(ctx: Ctx) -> Response:
    checks = await run_in_threadpool(_checks, ctx)
    if all(checks.values()):
        return Response(json.dumps({"status": "ok", "checks": checks}), media_type="application/json")
    return problem_response("not-ready", "failing: " + ", ".join(k for k, ok in checks.items() if not ok),
                            checks=checks)


@router.get("/metrics", summary="Prometheus metrics", dependencies=[Depends(metrics_reader)],
            responses={200: {"content": {"text/plain": {}}}})
async def metrics(ctx: Ctx) -> Response:
    return Response(generate_latest(ctx.metrics.registry), media_type=CONTENT_TYPE_LATEST)


def _checks(ctx: ApiContext) -> dict[str, bool]:
    adapter = ctx.adapter
    return {"accepting": not ctx.draining.is_set(), "dms": ctx.dms_ready(),
            "registry": adapter.registry.writable(), "idempotency": adapter.replay.writable(),
            "spool": _dir_writable(ctx.settings.spool_dir), "workers": ctx.workers_ready()}


def dms_reachable(ctx: ApiContext) -> bool:
    """The DMS answers a read of its root folder (run under ``CachedCheck``'s deadline). With several tenants:
    one tenant's DMS answers (one tenant's outage must not take the API away from the others)."""
    for tenant in ctx.tenant_ids if ctx.tenants is not None else (ctx.adapter.tenant,):
        try:
            with ctx.use(tenant) as graph:
                graph.dms.get_by_path("/")
        except AdapterError as exc:
            log.warning("api.ready.dms_unreachable", error=exc.code, tenant=tenant)
            continue
        return True
    return False


def workers_claiming(ctx: ApiContext) -> bool:
    """No job has waited longer than ``ctx.settings.worker_stall_seconds``: someone claims the 202 jobs
    (of any tenant, with several)."""
    stats = (ctx.tenants.journals if ctx.tenants is not None else ctx.adapter.journal).stats()
    waited = stats.oldest_waiting_age.total_seconds() if stats.oldest_waiting_age else 0.0
    if waited > ctx.settings.worker_stall_seconds:
        log.warning("api.ready.no_worker", oldest_waiting_s=round(waited))
        return False
    return True


def _dir_writable(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".ready-probe"
        probe.write_bytes(b"")
        probe.unlink()
        return True
    except OSError:
        return False

