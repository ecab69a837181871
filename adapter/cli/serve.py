"""``egov-adapter serve``: the service API on uvicorn (the embedded sandbox when no DMS is configured), and the
operator console under ``/console``. With a tenants file: every tenant behind the one API."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import structlog
import typer

from adapter.api.clients import ClientStore
from adapter.api.runtime import running_worker
from adapter.api.server import server_for
from adapter.api.settings import ApiSettings, api_settings
from adapter.api.tls import tls_options
from adapter.cli.state import CliState, state_of
from adapter.config import Mode, Settings
from adapter.domain.errors import ConfigurationError
from adapter.graph import Adapter, Tenants
from adapter.worker.runner import Worker

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
    port: Annotated[int | None, typer.Option(min=0, max=65535, help="Port to listen on (EGOV_API_PORT, 8080).")]
    = None,
    tls_cert: Annotated[Path | None, typer.Option(
        exists=True, dir_okay=False, help="Serve HTTPS: certificate, PEM (EGOV_API_TLS_CERT).")] = None,
    tls_key: Annotated[Path | None, typer.Option(
        exists=True, dir_okay=False, help="Its private key, PEM (EGOV_API_TLS_KEY).")] = None,
    tls_client_ca: Annotated[Path | None, typer.Option(
        exists=True, dir_okay=False,
        help="Accept client certificates of this CA, mapped in the clients file (EGOV_API_TLS_CLIENT_CA).")] = None,
) -> None:
    """Serve the HTTP API for Fachverfahren (OpenAPI at /openapi.json, docs at /docs)."""
    state = state_of(ctx)
    settings = state.settings
    port = settings.api_port if port is None else port
    tls_cert, tls_key = tls_cert or settings.api_tls_cert, tls_key or settings.api_tls_key
    tls_client_ca = tls_client_ca or settings.api_tls_client_ca
    if (tls_key or tls_client_ca) and not tls_cert:
        raise ConfigurationError("--tls-key and --tls-client-ca need --tls-cert")
    api = api_settings(settings).model_copy(update={"tls_clients": tls_client_ca is not None})
    tls = tls_options(str(tls_cert) if tls_cert else None, str(tls_key) if tls_key else None,
                      str(tls_client_ca) if tls_client_ca else None)
    if settings.tenants_file is not None:
        _serve_tenants(state, api, host, port, tls)
        return
    with state.open() as adapter:  # the configuration is checked (mappings, profile, DMS) before anything is written
        store = ClientStore(api.clients_file)
        token = development_token(store, settings)
        if token is not None:
            typer.echo(f"development client {DEV_CLIENT!r} created; its token (shown once):\n  {token}", err=True)
        elif not store.clients():
            log.warning("api.no_clients", hint="egov-adapter clients add NAME --scope CLASS:OPERATION")
        _run(adapter, api, store, host, port, tls)


def _serve_tenants(state: CliState, api: ApiSettings, host: str, port: int, tls: dict[str, Any] | None) -> None:
    """Every tenant's graph behind one API: each client is served by its own tenant's; the in-process worker
    claims fairly across tenants; the tenants file is re-read when it changes."""
    settings = state.settings
    with state.open_tenants() as tenants:
        store = ClientStore(api.clients_file)
        if not store.clients():
            log.warning("api.no_clients", hint="egov-adapter clients add NAME --tenant T --scope CLASS:OPERATION")
        stop = threading.Event()
        watcher = threading.Thread(target=tenants.watch, args=(stop,), name="tenants-watch", daemon=True)
        watcher.start()
        try:
            _run(tenants.get(tenants.default or tenants.ids[0]), api, store, host, port, tls, tenants,
                 lambda worker_id, poll: state.wiring.tenant_worker(settings, tenants, worker_id, poll_seconds=poll))
        finally:
            stop.set()
            watcher.join()


def _run(adapter: Adapter, api: ApiSettings, store: ClientStore, host: str, port: int,
         tls: dict[str, Any] | None, tenants: Tenants | None = None,
         factory: Callable[[str, float], Worker] | None = None) -> None:
    settings = adapter.settings
    with running_worker(adapter, api, factory) as worker:
        server = server_for(adapter, api, host, port, clients=store, worker=worker, tls=tls, tenants=tenants)
        log.info("api.listening", host=host, port=port, sandbox=settings.uses_sandbox, worker=api.run_worker,
                 tls=bool(tls), client_certificates=api.tls_clients, tenants=list(tenants.ids) if tenants else None)
        server.run()


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)
