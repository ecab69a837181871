"""The operator console (``/console``): per tenant, journal jobs, dead letters with replay and discard, XTA
traffic, DMS health and latency, the audit chain and the mapping check; German labels.

Operators log in with their own accounts (``egov-adapter console operators``), never an API client's
token, and see only their tenants. ``mount_console(app, ctx)`` adds the pages (``routes``) and the static
files (the stylesheet and htmx 2.0.7, vendored with its licence: no build step, nothing fetched at install
time). Modules: ``operators`` (accounts), ``sessions`` (signed cookie, CSRF), ``checks`` (health, cached),
``views`` (rows and labels), ``routes`` (the pages), ``templates/`` (Jinja2).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from adapter.api.console.operators import OperatorStore
from adapter.api.console.routes import Console, router
from adapter.api.console.sessions import SessionSigner
from adapter.api.context import ApiContext

__all__ = ["mount_console"]

STATIC = Path(__file__).parent / "static"


def mount_console(app: FastAPI, ctx: ApiContext) -> None:
    """Serve the console under ``/console`` with its operators and session key from ``ctx.settings``."""
    settings = ctx.settings
    app.state.console = Console(OperatorStore(settings.operators_file), SessionSigner(settings.console_key_file))
    app.include_router(router)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
