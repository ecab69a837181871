"""Who calls (a bearer token of a registered client) and what it may do (scopes per record class).

``caller`` is the FastAPI dependency of every protected route: it authenticates (a bearer token,
or a verified TLS client certificate mapped in the clients file when ``serve`` terminates TLS), applies the
client's rate limit, reads the acting clerk (``X-Bearbeiter``) and records the client for the
access log. ``Caller.require`` checks one record class and operation against the client's scopes.

The dependencies are ``async`` and run on the event loop: they only look up memory (the clients file is
re-read when its stat changes; the rate limit and the tenant's graph are a lock and a counter), and a
sync dependency would cost a hop to the thread pool and back for each, on every request. The one blocking
exception is rare: the last request on a graph that a tenants reload retired closes that graph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from adapter.api.clients import Client
from adapter.api.context import ApiContext
from adapter.api.middleware import request_scoped
from adapter.api.problems import ApiProblem
from adapter.audit.trail import acting_for
from adapter.domain.audit import Action, Outcome

T = TypeVar("T")

__all__ = ["CLERK_HEADER", "Caller", "ScopedRoute", "app_context", "bearer", "caller", "context", "metrics_reader",
           "needs"]

bearer = HTTPBearer(auto_error=False, description="The client's API token (egov-adapter clients add).")
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="egov-adapter"'}
CLERK_HEADER = "x-bearbeiter"
_CLERK = re.compile(r"^[\w.@:-]{1,64}$")
_CLERK_TEXT = "Kennung of the acting clerk (recorded in the DMS)."
_CLERK_PARAMETER = {"name": CLERK_HEADER, "in": "header", "required": False, "description": _CLERK_TEXT,
                    "schema": {"anyOf": [{"type": "string", "pattern": _CLERK.pattern}, {"type": "null"}],
                               "description": _CLERK_TEXT, "title": "X-Bearbeiter"}}


_ACTIONS = {"read": Action.READ, "file": Action.CREATE, "delete": Action.DELETE}
_NO_RECORD = UUID(int=0)  # a refused filing names no record yet


@dataclass(frozen=True)
class Caller:
    client: Client
    clerk: str
    refused: Callable[[str, str, UUID | None], None] | None = None  # audits a refusal (confidential classes)
    tenant: str = "default"  # the client's tenant, from its entry in the clients file

    def require(self, record_class: str, operation: str, record: UUID | None = None) -> None:
        if not self.client.allows(record_class, operation):
            if self.refused is not None:
                self.refused(record_class, operation, record)
            raise ApiProblem("forbidden", f"this client may not {operation} records of class {record_class!r}",
                             headers={})


def _audit_refusal(ctx: ApiContext, tenant: str, client: str, clerk: str, record_class: str, operation: str,
                   record: UUID | None) -> None:
    """A refused attempt on a confidential class is an audit entry (client, operation as action, refused)
    in the trail of the client's tenant."""
    with ctx.use(tenant) as graph:
        found = graph.mappings.classes.get(record_class)
        if found is None or found.vertraulichkeit_mindestens is None:
            return
        with acting_for(client):
            graph.audit.record(_ACTIONS.get(operation, Action.UPDATE), record=record or _NO_RECORD, clerk=clerk,
                               outcome=Outcome.REFUSED)


def app_context(request: Request) -> ApiContext:
    """The application's context, not bound to a tenant (health, metrics, the console's own login)."""
    ctx: ApiContext = request.app.state.api
    return ctx


async def _authenticated(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Client:
    """The client of this request's token or certificate, authenticated once per request (``ScopedRoute``'s
    guard and ``caller`` both ask); ``credentials`` when the caller has them, else read here."""
    known: Client | None = getattr(request.state, "authenticated", None)
    if known is not None:
        return known
    if credentials is None:
        credentials = await bearer(request)
    tls = (request.scope.get("extensions") or {}).get("tls")
    if credentials is None and tls and app_context(request).settings.tls_clients:
        by_cert = app_context(request).clients.authenticate_cert(tls["client_cert_sha256"], tls["client_cert_subject"])
        if by_cert is None:
            raise ApiProblem("unauthenticated", "the client certificate is not mapped to a client", headers=_CHALLENGE)
        request.state.client = by_cert.name
        request.state.authenticated = by_cert
        return by_cert
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiProblem("unauthenticated", "send 'Authorization: Bearer <token>'", headers=_CHALLENGE)
    client = app_context(request).clients.authenticate(credentials.credentials)
    if client is None:
        raise ApiProblem("unauthenticated", "the token is unknown or revoked", headers=_CHALLENGE)
    request.state.client = client.name
    request.state.authenticated = client
    return client


async def caller(request: Request) -> Caller:
    """The authenticated client, rate-limited, with its tenant and the acting clerk (``X-Bearbeiter``).

    It reads its two headers itself rather than declaring them as FastAPI parameters (a ``Header`` parameter
    and the ``bearer`` sub-dependency cost more per request than the rest of a metadata read); the OpenAPI
    document declares them all the same (``ScopedRoute``), and a malformed ``X-Bearbeiter`` is refused
    with the same ``invalid-request`` answer as any other parameter."""
    client = await _authenticated(request, None)
    ctx = app_context(request)
    tenant = client.tenant or ctx.default_tenant
    if tenant is None or tenant not in ctx.tenant_ids:
        raise ApiProblem("unauthenticated", "the client's tenant is not configured", headers=_CHALLENGE)
    clerk = request.headers.get(CLERK_HEADER)
    if clerk is not None and not _CLERK.match(clerk):
        raise RequestValidationError([{"type": "string_pattern_mismatch", "loc": ("header", CLERK_HEADER),
                                       "msg": f"String should match pattern '{_CLERK.pattern}'", "input": clerk}])
    wait = ctx.limiter.take(client.name)
    if wait > 0:
        ctx.metrics.rate_limited.labels(client.name).inc()
        raise ApiProblem("rate-limited", "the client's rate limit is exhausted",
                         headers={"Retry-After": str(max(1, round(wait)))})
    clerk = clerk or f"api:{client.name}"
    request.state.tenant = tenant
    return Caller(client, clerk, partial(_audit_refusal, ctx, tenant, client.name, clerk), tenant)


async def context(request: Request, who: Annotated[Caller, Depends(caller)]) -> ApiContext:
    """The request's context, bound to the graph of the caller's tenant until the answer is sent.

    Not a generator dependency (FastAPI's exit stack for one costs about as much as the rest of a metadata
    read): the graph is entered here and left by ``ApiMiddleware`` once the answer is out (``request_scoped``)."""
    found = app_context(request)
    return found.bound(request_scoped(request.scope, found.use(who.tenant)))


async def metrics_reader(request: Request,
                         credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """``/metrics``: open when the settings expose it, else a client with the ``metrics`` scope.

    Its ``bearer`` parameter is also what puts the ``HTTPBearer`` scheme into the OpenAPI document's
    components, which the operations of ``ScopedRoute`` refer to (a test checks both)."""
    if app_context(request).settings.metrics_public:
        return
    if "metrics" not in (await _authenticated(request, credentials)).scopes:
        raise ApiProblem("forbidden", "reading metrics needs the 'metrics' scope")


def needs(operation: str) -> Callable[[T], T]:
    """Mark a route's endpoint with the operation it needs, for ``ScopedRoute`` (``@needs("file")``)."""

    def mark(endpoint: T) -> T:
        endpoint.scope_operation = operation  # type: ignore[attr-defined]
        return endpoint

    return mark


class ScopedRoute(APIRoute):
    """A route that authenticates and refuses a client with no scope for its operation (``needs``) before
    its body is read or validated: a client that may not do this gets 401/403, never 400/415.

    A route that depends on ``caller`` declares in the OpenAPI document what ``caller`` reads itself: the
    bearer token (security scheme ``HTTPBearer``, defined through ``metrics_reader``'s ``bearer`` parameter)
    and the optional ``X-Bearbeiter`` header."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        super().__init__(path, endpoint, **options)
        if _calls(self, caller):
            extra = dict(self.openapi_extra or {})
            extra["security"] = [*extra.get("security", ()), {bearer.scheme_name: []}]
            extra["parameters"] = [*extra.get("parameters", ()), _CLERK_PARAMETER]
            self.openapi_extra = extra

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        operation: str | None = getattr(self.endpoint, "scope_operation", None)
        if operation is None:
            return handler

        async def guarded(request: Request) -> Response:
            client = await _authenticated(request, None)
            if not client.allows_any(operation):
                raise ApiProblem("forbidden", f"this client may not {operation} records of any class")
            return await handler(request)

        return guarded


def _calls(route: APIRoute, dependency: Callable[..., Any]) -> bool:
    """Whether ``dependency`` is among the route's dependencies, at any depth."""
    pending = list(route.dependant.dependencies)
    while pending:
        sub = pending.pop()
        if sub.call is dependency:
            return True
        pending.extend(sub.dependencies)
    return False
