"""``egov-adapter sandbox``: serve the sandbox CMIS repository until interrupted."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Annotated

import typer

from adapter.cli.state import state_of
from adapter.graph import SandboxHandle, SandboxLogin

__all__ = ["register"]


def sandbox(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback unless EGOV_SANDBOX_USERS are configured).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0 picks a free one).")] = 8090,
    data: Annotated[Path | None, typer.Option(
        help="Data folder (default: EGOV_DATA_DIR/sandbox, as the embedded sandbox).")] = None,
    profile: Annotated[str | None, typer.Option(
        help="Personality: generic, alfresco, restricted, enterprise (EGOV_SANDBOX_PROFILE).")] = None,
    faults: Annotated[str | None, typer.Option(help="Fault rules as JSON, or @file.json.")] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of the fault dice.")] = None,
) -> None:
    """Serve the sandbox CMIS 1.1 repository (Browser, AtomPub and Web Services bindings) until interrupted."""
    state = state_of(ctx)
    server, login = state.wiring.sandbox(state.settings, host=host, port=port, data=data, profile=profile,
                                         faults=faults, seed=seed)
    stop = threading.Event()

    def _terminate(_signo: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _terminate)
    server.start()
    _banner(server, login)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        typer.echo("sandbox stopped")


def _banner(server: SandboxHandle, login: SandboxLogin) -> None:
    urls = server.urls
    typer.echo(f"sandbox ({server.personality_name}) serving data in {server.data_dir}")
    typer.echo(f"  Browser binding: {urls.browser}")
    typer.echo(f"  AtomPub binding: {urls.atom}")
    typer.echo(f"  Web Services:    {urls.ws}?wsdl (endpoints {urls.ws}/<Service>)")
    typer.echo(f"  repository id:   {urls.repository_id}")
    typer.echo(f"  admin:           {urls.base}/sandbox/admin/faults, {urls.base}/sandbox/admin/counters")
    if login.password is not None:
        user = login.users[0]
        typer.echo(f"  login:           {user} / {login.password} (HTTP Basic; loopback only)")
        typer.echo(f"  groups:          {', '.join(login.groups) or '-'} (the mapping files' principals)")
        typer.echo("  file into it from a second shell:")
        typer.echo(f"    export EGOV_DMS_URL={urls.browser} EGOV_DMS_USER={user} EGOV_DMS_PASSWORD={login.password}")
    else:
        typer.echo(f"  users:           {', '.join(login.users)} (EGOV_SANDBOX_USERS)")
    typer.echo("  press Ctrl-C to stop")


def register(root: typer.Typer) -> None:
    root.command("sandbox")(sandbox)
