"""``egov-adapter serve``: the service API on uvicorn (the embedded sandbox when no DMS is configured)."""

from __future__ import annotations

from typing import Annotated

import structlog
import typer

from adapter.api.clients import ClientStore
from adapter.api.settings import api_settings
from adapter.config import Mode, Settings, load_settings

__all__ = ["development_token", "register"]

log = structlog.get_logger(__name__)
DEV_CLIENT, DEV_SCOPES = "dev", ["*:*", "metrics"]


def development_token(store: ClientStore, settings: Settings) -> str | None:
    """A full-scope token for a fresh development machine; never in production, never twice."""
    if settings.mode is Mode.PRODUCTION or not settings.uses_sandbox or store.clients():
        return None
    return store.add(DEV_CLIENT, DEV_SCOPES)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8080,
) -> None:
    """Serve the HTTP API for Fachverfahren (OpenAPI at /openapi.json, docs at /docs)."""
    from adapter.api.runtime import api_runtime
    from adapter.api.server import server_for
    from adapter.bootstrap import open_adapter

    settings: Settings = ctx.obj if isinstance(ctx.obj, Settings) else load_settings()
    api = api_settings(settings)
    store = ClientStore(api.clients_file)
    token = development_token(store, settings)
    if token is not None:
        typer.echo(f"development client {DEV_CLIENT!r} created; its token (shown once):\n  {token}", err=True)
    elif not store.clients():
        log.warning("api.no_clients", hint="egov-adapter clients add NAME --scope CLASS:OPERATION")
    with open_adapter(settings) as adapter, api_runtime(adapter, api) as runtime:
        server = server_for(adapter, api, host, port, clients=store, runtime=runtime)
        log.info("api.listening", host=host, port=port, sandbox=settings.uses_sandbox, worker=api.run_worker)
        server.run()


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)
