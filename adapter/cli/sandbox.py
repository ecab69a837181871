"""``egov-adapter sandbox``: serve the sandbox CMIS repository until interrupted."""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from typing import Annotated, Any

import typer

from adapter.config import load_settings
from adapter.domain.errors import ConfigurationError

__all__ = ["register"]


def _faults(spec: str | None) -> list[Any]:
    from egov_sandbox.faults import FaultInjector

    if not spec:
        return []
    text = Path(spec[1:]).read_text(encoding="utf-8") if spec.startswith("@") else spec
    try:
        return FaultInjector.rules_from_json(json.loads(text))
    except (ValueError, TypeError) as exc:
        raise ConfigurationError(f"--faults: {exc}") from exc


def sandbox(
    host: Annotated[str, typer.Option(help="Address to listen on (loopback unless users are configured).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0 picks a free one).")] = 8090,
    data: Annotated[Path | None, typer.Option(help="Data folder (default: EGOV_DATA_DIR/sandbox).")] = None,
    profile: Annotated[str | None, typer.Option(help="Personality: generic, alfresco, restricted.")] = None,
    faults: Annotated[str | None, typer.Option(help="Fault rules as JSON, or @file.json.")] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of the fault dice.")] = None,
) -> None:
    """Serve the sandbox CMIS 1.1 repository (Browser, AtomPub and Web Services bindings) until interrupted."""
    from egov_sandbox.server import SandboxServer

    settings = load_settings()
    users = settings.sandbox_users.get_secret_value() if settings.sandbox_users else None
    try:
        server = SandboxServer(data or settings.data_dir / "sandbox", host=host, port=port,
                               profile=profile or settings.sandbox_profile, users=users,
                               faults=_faults(faults), seed=seed, cmis_dir=settings.cmis_schema_dir)
    except (ValueError, OSError) as exc:
        raise ConfigurationError(f"cannot start the sandbox: {exc}") from exc
    urls = server.urls
    typer.echo(f"sandbox ({server.repo.personality.name}) serving data in {server.repo.data_dir}")
    typer.echo(f"  Browser binding: {urls.browser}")
    typer.echo(f"  AtomPub binding: {urls.atom}")
    typer.echo(f"  Web Services:    {urls.ws}?wsdl (endpoints {urls.ws}/<Service>)")
    typer.echo(f"  repository id:   {urls.repository_id}")
    typer.echo(f"  admin:           {urls.base}/sandbox/admin/faults, {urls.base}/sandbox/admin/counters")
    typer.echo("  press Ctrl-C to stop")
    stop = threading.Event()

    def _terminate(_signo: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _terminate)
    server.start()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        typer.echo("sandbox stopped")


def register(root: typer.Typer) -> None:
    root.command("sandbox")(sandbox)
