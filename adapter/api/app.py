"""The FastAPI application: routes, the error table as exception handlers, the outer middleware.

``create_app`` takes an opened graph (``adapter.graph.Adapter``, built by ``adapter.bootstrap``) and
the API's own stores; it reads no environment and starts nothing. The caller (``egov-adapter serve``,
tests) runs it on uvicorn.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.telemetry import TelemetryConfig
from starlette.exceptions import HTTPException

from adapter.api.clients import ClientStore
from adapter.api.console import mount_console
from adapter.api.context import ApiContext
from adapter.api.docs import mount_docs
from adapter.api.journal_metrics import JournalCollector
from adapter.api.metrics import ApiMetrics
from adapter.api.middleware import ApiMiddleware
from adapter.api.problems import PROBLEMS, ApiProblem, problem_for, problem_response
from adapter.api.ratelimit import RateLimiter
from adapter.api.readiness import CachedCheck
from adapter.api.routes import (
    akten,
    aussonderung,
    dokumente,
    jobs,
    lifecycle,
    ops,
    posteingang,
    suche,
    vorgaenge,
    xdomea,
)
from adapter.api.settings import ApiSettings
from adapter.domain.errors import AdapterError
from adapter.graph import Adapter, Tenants
from adapter.ports.journal import Journal, TenantJournals
from adapter.worker.runner import Worker

__all__ = ["create_app"]

log = structlog.get_logger(__name__)

_UPLOADS = frozenset({"/dokumente", "/posteingang", "/xdomea"})
_VERSION_UPLOAD = re.compile(r"^/dokumente/[^/]+/versionen/?$")
_HTTP_SLUGS = {404: "not-found", 405: "method-not-allowed", 413: "payload-too-large", 415: "unsupported-media-type"}
_UNLOGGED = frozenset({"/health/live", "/health/ready", "/metrics"})
#: FastAPI's native OpenTelemetry off: the adapter reports through its access log and Prometheus metrics, and
#: with it on, FastAPI asks the OpenTelemetry globals on every request whether a provider is set (about 5% of
#: a metadata read's CPU, measured with py-spy) even when none ever is
_NO_OPENTELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


def _is_upload(method: str, path: str) -> bool:
    return method == "POST" and (path.rstrip("/") in _UPLOADS or _VERSION_UPLOAD.match(path) is not None)


def create_app(adapter: Adapter, settings: ApiSettings, *, clients: ClientStore | None = None,
               worker: Worker | None = None, tenants: Tenants | None = None) -> FastAPI:
    """The API over ``adapter``; ``worker`` is the in-process worker, if ``serve`` runs one (for metrics);
    ``tenants``: every tenant's graph (each client is served by its own tenant's; ``adapter`` is the default's)."""
    metrics = ApiMetrics()
    ctx = ApiContext(adapter=adapter, settings=settings, clients=clients or ClientStore(settings.clients_file),
                     metrics=metrics, limiter=RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
                     tenants=tenants)
    app = FastAPI(title="egov-adapter Service API", version="1",
                  description="Akten, Vorgänge, Dokumente and Posteingang of the E-Akte, by our UUIDs and "
                              "Aktenzeichen. Errors are RFC 9457 problem details.",
                  docs_url=None, redoc_url=None, telemetry=_NO_OPENTELEMETRY)
    mount_docs(app)  # Swagger UI and ReDoc from installed files, not a CDN
    ctx.dms_ready = CachedCheck("dms", lambda: ops.dms_reachable(ctx), timeout=settings.ready_timeout_seconds)
    ctx.workers_ready = CachedCheck("workers", lambda: ops.workers_claiming(ctx),
                                    timeout=settings.ready_timeout_seconds)
    app.state.api = ctx
    metrics.registry.register(JournalCollector(_journal_numbers(adapter, tenants), worker))
    for router in (akten.router, vorgaenge.router, dokumente.router, posteingang.router, suche.router, xdomea.router,
                   jobs.router, lifecycle.router, ops.router, aussonderung.router):
        app.include_router(router)
    mount_console(app, ctx)
    _handlers(app, metrics)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type",
                                                                          "Idempotency-Key", "X-Bearbeiter",
                                                                          "X-Request-ID"])
    app.add_middleware(ApiMiddleware, metrics=metrics, max_body=settings.max_body_bytes,
                       max_upload=settings.max_upload_bytes, is_upload=_is_upload, ignored=_UNLOGGED)
    return app


def _journal_numbers(adapter: Adapter, tenants: Tenants | None) -> Callable[[], Journal | TenantJournals]:
    """Where ``/metrics`` reads the journal: every tenant's with a tenants file, else the one graph's."""
    if tenants is None or tenants.config.source is None:
        return adapter.lazy_journal
    return lambda: tenants.journals


def _handlers(app: FastAPI, metrics: ApiMetrics) -> None:
    def counted(slug: str, response: JSONResponse) -> JSONResponse:
        metrics.problems.labels(slug).inc()
        return response

    async def domain_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AdapterError)
        slug, detail, extensions = problem_for(exc)
        if PROBLEMS[slug][0] >= 500 or "dms_status" in exc.detail:
            metrics.dms_errors.labels(slug, exc.code).inc()
            log.warning("api.service_error", error=exc.code, problem=slug)
        return counted(slug, problem_response(slug, detail, **extensions))

    async def api_problem(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiProblem)
        return counted(exc.slug, problem_response(exc.slug, exc.detail, headers=exc.headers, **exc.extensions))

    async def invalid(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        return counted("invalid-request", problem_response("invalid-request", "invalid: " + ", ".join(fields),
                                                           fields=fields))

    async def http_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        slug = _HTTP_SLUGS.get(exc.status_code, "invalid-request" if exc.status_code < 500 else "internal")
        return counted(slug, problem_response(slug, None, headers=exc.headers))

    app.add_exception_handler(AdapterError, domain_error)
    app.add_exception_handler(ApiProblem, api_problem)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
