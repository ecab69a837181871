"""The console's pages under ``/console``: login, the tenants' overview, jobs, a job, dead letters, XTA traffic.

Every page but the login needs an operator session; an operator sees only the tenants its entry names, and
every other tenant - like an unknown one - is 404. Every change is a POST carrying the session's CSRF token
(else 403, nothing changed). Pages are server-rendered (Jinja2, autoescaped) and readable without
JavaScript; htmx (vendored, served from here) refreshes the live counts every 5 s.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

import jinja2
import structlog
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from adapter.api.console.checks import Checks
from adapter.api.console.operators import Operator, OperatorStore
from adapter.api.console.sessions import COOKIE, LOGIN_COOKIE, Session, SessionSigner
from adapter.api.console.views import KINDS, STATES, job_row, list_jobs
from adapter.api.context import ApiContext
from adapter.api.security import app_context
from adapter.audit.trail import acting_for
from adapter.domain.errors import AdapterError, InputError, JobNotFound, NotFound
from adapter.graph import Adapter

__all__ = ["Console", "router"]

log = structlog.get_logger(__name__)
class _ConsoleRoute(APIRoute):
    """Answers the console's own errors as HTML pages (the API's problem+json handlers never see them)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except (_LoginNeeded, AdapterError) as exc:
                return _error_page(exc)

        return run


router = APIRouter(prefix="/console", include_in_schema=False, route_class=_ConsoleRoute)
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                                autoescape=True, undefined=jinja2.StrictUndefined)
_TEMPLATES.globals.update(STATES=STATES, KINDS=KINDS, quote=quote)


class Console:
    """The console's own parts, held by the app: operators, the session signer, each tenant's checks."""

    def __init__(self, operators: OperatorStore, signer: SessionSigner) -> None:
        self.operators, self.signer = operators, signer
        self._checks: dict[int, Checks] = {}

    def checks(self, graph: Adapter) -> Checks:
        """The cached checks of ``graph`` (a reloaded tenant's new graph gets fresh ones)."""
        key = id(graph)
        if key not in self._checks or self._checks[key].graph is not graph:
            self._checks[key] = Checks(graph)
        return self._checks[key]


def _console(request: Request) -> Console:
    console: Console = request.app.state.console
    return console


def _page(name: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = _TEMPLATES.get_template(name).render(**values)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP})


class _LoginNeeded(Exception):
    pass


def _operator(request: Request) -> tuple[Operator, Session]:
    console = _console(request)
    session = console.signer.read(request.cookies.get(COOKIE))
    operator = console.operators.operators().get(session.operator) if session else None
    if session is None or operator is None or operator.revoked:
        raise _LoginNeeded
    return operator, session


Ctx = Annotated[ApiContext, Depends(app_context)]


def _visible(ctx: ApiContext, operator: Operator) -> list[str]:
    return [t for t in ctx.tenant_ids if operator.sees(t)]


@contextmanager
def _tenant(ctx: ApiContext, operator: Operator, tenant: str) -> Iterator[Adapter]:
    """The tenant's graph when the operator may see it; else, as for a tenant that does not exist, NotFound."""
    if tenant not in _visible(ctx, operator):
        raise NotFound("no such tenant")
    with ctx.use(tenant) as graph:
        yield graph


def _name(ctx: ApiContext, tenant: str) -> str:
    config = ctx.tenants.config.tenants.get(tenant) if ctx.tenants is not None else None
    return config.name if config is not None else tenant


def _common(request: Request, operator: Operator, session: Session, ctx: ApiContext) -> dict[str, Any]:
    return {"operator": operator.name, "csrf": session.csrf, "tenants": _visible(ctx, operator),
            "names": {t: _name(ctx, t) for t in _visible(ctx, operator)}, "path": request.url.path}


def _csrf_ok(request: Request, session: Session, token: str | None) -> bool:
    origin = request.headers.get("origin")  # "null" under our Referrer-Policy no-referrer: the token decides
    if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
        return False
    return bool(token) and token == session.csrf


# --- login -----------------------------------------------------------------------------------------------

@router.get("/login")
async def login_form(request: Request, fehler: str | None = None) -> Response:
    nonce, token = _console(request).signer.login_token()
    response = _page("login.html", status=401 if fehler else 200, login_token=token, error=fehler)
    response.set_cookie(LOGIN_COOKIE, nonce, httponly=True, samesite="strict", path="/console",
                        secure=request.url.scheme == "https")
    return response


@router.post("/login")
async def login(request: Request, name: Annotated[str, Form()] = "", passwort: Annotated[str, Form()] = "",
                csrf: Annotated[str, Form()] = "") -> Response:
    console = _console(request)
    if not console.signer.login_ok(request.cookies.get(LOGIN_COOKIE), csrf):
        log.warning("console.csrf_refused", action="login")
        return _page("message.html", 403, title="Sicherheitsprüfung fehlgeschlagen",
                     text="Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte erneut anmelden.",
                     link="/console/login")
    operator = await run_in_threadpool(console.operators.authenticate, name, passwort)
    if operator is None:
        log.warning("console.login_refused")
        return RedirectResponse("/console/login?fehler=1", status_code=303)
    cookie, _session = console.signer.issue(operator.name)
    response = RedirectResponse("/console", status_code=303)
    response.set_cookie(COOKIE, cookie, httponly=True, samesite="strict", path="/console",
                        secure=request.url.scheme == "https", max_age=8 * 3600)
    response.delete_cookie(LOGIN_COOKIE, path="/console")
    log.info("console.login", operator=operator.name)
    return response


@router.post("/logout")
async def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    operator, session = _operator(request)
    if not _csrf_ok(request, session, csrf):
        return _refused_csrf()
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(COOKIE, path="/console")
    log.info("console.logout", operator=operator.name)
    return response


def _refused_csrf() -> Response:
    log.warning("console.csrf_refused")
    return _page("message.html", 403, title="Sicherheitsprüfung fehlgeschlagen",
                 text="Der CSRF-Token fehlt oder ist ungültig. Nichts wurde geändert.", link="/console")


# --- pages -----------------------------------------------------------------------------------------------

@router.get("")
async def overview(request: Request, ctx: Ctx) -> Response:
    operator, session = _operator(request)
    cards = []
    for tenant in _visible(ctx, operator):
        with ctx.use(tenant) as graph:
            checks = _console(request).checks(graph)
            cards.append({"id": tenant, "name": _name(ctx, tenant), "counts": await run_in_threadpool(_counts, graph),
                          "dms": await run_in_threadpool(checks.dms.get),
                          "audit": await run_in_threadpool(checks.audit.get),
                          "mappings": await run_in_threadpool(checks.mappings.get),
                          "xta": graph.settings.xta_party, "profile": graph.settings.dms_profile})
    return _page("overview.html", cards=cards, **_common(request, operator, session, ctx))


def _counts(graph: Adapter) -> dict[str, Any]:
    stats = graph.journal.stats()
    waiting = stats.oldest_waiting_age
    return {"depth": {str(s): n for s, n in stats.depth.items()}, "dead": stats.dead_letters,
            "oldest": f"{int(waiting.total_seconds())} s" if waiting else "–",
            "at": datetime.now(UTC).strftime("%H:%M:%S UTC")}


@router.get("/t/{tenant}/zahlen")
async def counts(request: Request, tenant: str, ctx: Ctx) -> Response:
    operator, _session = _operator(request)
    with _tenant(ctx, operator, tenant) as graph:
        numbers = await run_in_threadpool(_counts, graph)
    return _page("counts.html", tenant=tenant, counts=numbers)


@router.get("/t/{tenant}/auftraege")
async def jobs(request: Request, tenant: str, ctx: Ctx, zustand: str | None = None, art: str | None = None,
               min_alter: int | None = None) -> Response:
    operator, session = _operator(request)
    with _tenant(ctx, operator, tenant) as graph:
        rows = await run_in_threadpool(list_jobs, graph, zustand or None, art or None, min_alter)
    return _page("jobs.html", tenant=tenant, rows=rows, state=zustand or "", kind=art or "", min_age=min_alter or "",
                 **_common(request, operator, session, ctx))


@router.get("/t/{tenant}/dead-letters")
async def dead_letters(request: Request, tenant: str, ctx: Ctx) -> Response:
    operator, session = _operator(request)
    with _tenant(ctx, operator, tenant) as graph:
        rows = await run_in_threadpool(list_jobs, graph, "dead_letter", None, None)
    return _page("dead_letters.html", tenant=tenant, rows=rows, **_common(request, operator, session, ctx))


@router.get("/t/{tenant}/auftraege/{job}")
async def job(request: Request, tenant: str, job: str, ctx: Ctx, erledigt: str | None = None) -> Response:
    operator, session = _operator(request)
    with _tenant(ctx, operator, tenant) as graph:
        found = await run_in_threadpool(graph.journal.get, _uuid(job))
    return _page("job.html", tenant=tenant, job=job_row(found), done=erledigt,
                 **_common(request, operator, session, ctx))


@router.post("/t/{tenant}/auftraege/{job}/aktion")
async def act(request: Request, tenant: str, job: str, ctx: Ctx, aktion: Annotated[str, Form()] = "",
              grund: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    operator, session = _operator(request)
    if not _csrf_ok(request, session, csrf):
        return _refused_csrf()
    if aktion not in ("wiederholen", "verwerfen"):
        return _page("message.html", 400, title="Unbekannte Aktion", text="Wiederholen oder Verwerfen.",
                     link=f"/console/t/{quote(tenant)}/dead-letters")
    with _tenant(ctx, operator, tenant) as graph:
        letters = graph.dead_letters
        run = letters.replay if aktion == "wiederholen" else letters.discard

        def change() -> None:
            with acting_for("console"):
                run(_uuid(job), operator=f"console:{operator.name}", reason=grund)

        try:
            await run_in_threadpool(change)
        except NotFound:
            raise  # another tenant's job, or none: 404 like a page that does not exist
        except InputError as exc:
            text = "Bitte einen Grund angeben (eine Zeile, 3 bis 300 Zeichen)." if "reason" in str(exc.detail) \
                else exc.message
            return _page("message.html", 400, title="Nicht ausgeführt", text=text,
                         link=f"/console/t/{quote(tenant)}/auftraege/{quote(job)}")
    log.info("console.job_action", action=aktion, job=job, operator=operator.name)
    return RedirectResponse(f"/console/t/{quote(tenant)}/auftraege/{quote(job)}?erledigt={aktion}", status_code=303)


@router.get("/t/{tenant}/xta")
async def xta(request: Request, tenant: str, ctx: Ctx) -> Response:
    operator, session = _operator(request)
    with _tenant(ctx, operator, tenant) as graph:
        inbox = await run_in_threadpool(list_jobs, graph, None, "xta-in", None, 100)
        outbox = await run_in_threadpool(list_jobs, graph, None, "xta-out", None, 100)
        party = graph.settings.xta_party
    return _page("xta.html", tenant=tenant, inbox=inbox, outbox=outbox, party=party,
                 **_common(request, operator, session, ctx))


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError as exc:
        raise JobNotFound("no such job") from exc


def _error_page(exc: Exception) -> Response:
    """Console errors as pages: login needed -> the login form; not found (another tenant's too) -> 404."""
    if isinstance(exc, _LoginNeeded):
        return RedirectResponse("/console/login", status_code=303)
    if isinstance(exc, NotFound | JobNotFound):
        return _page("message.html", 404, title="Nicht gefunden", text="Diese Seite gibt es nicht.", link="/console")
    assert isinstance(exc, AdapterError)
    return _page("message.html", 409, title="Nicht möglich", text=exc.message, link="/console")
