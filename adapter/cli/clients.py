"""``egov-adapter clients add|list|rotate|revoke``: the Fachverfahren allowed to call the API.

Tokens are printed once and stored hashed; the running API picks changes up without a restart.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from adapter.api.clients import ClientStore
from adapter.api.settings import api_settings
from adapter.cli.state import CliState
from adapter.config import Settings, load_settings

__all__ = ["register"]

app = typer.Typer(help="API clients (Fachverfahren): tokens and scopes.", no_args_is_help=True)


def _store(ctx: typer.Context) -> ClientStore:
    settings: Settings = ctx.obj.settings if isinstance(ctx.obj, CliState) else load_settings()
    return ClientStore(api_settings(settings).clients_file)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Client name, e.g. personalverwaltung.")],
    scope: Annotated[list[str], typer.Option("--scope", help="<record class|*>:<operation|*> (operations: "
                                             "read, file, assign, update, version, mark, zda, delete), "
                                             "xdomea:import or 'metrics'.")],
    cert_sha256: Annotated[str | None, typer.Option(help="SHA-256 of the client's TLS certificate (DER).")] = None,
    cert_subject: Annotated[str | None, typer.Option(help="Subject of the client's TLS certificate (RFC 4514).")]
    = None,
    tenant: Annotated[str | None, typer.Option(
        "--tenant", help="The tenant the client belongs to (default: the default tenant).")] = None,
) -> None:
    """Register a client; prints its token once (a mapped TLS client certificate also authenticates it)."""
    if tenant is not None and isinstance(ctx.obj, CliState):
        ctx.obj.tenant_settings(tenant)  # an unknown tenant is refused before anything is written
    typer.echo(_store(ctx).add(name, scope, cert_sha256=cert_sha256, cert_subject=cert_subject, tenant=tenant))


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List clients and scopes (never tokens)."""
    typer.echo(json.dumps([c.public() for c in _store(ctx).clients().values()], indent=2))


@app.command("rotate")
def rotate(ctx: typer.Context, name: Annotated[str, typer.Argument()]) -> None:
    """Issue a new token (the old one stops working at once); prints it once."""
    typer.echo(_store(ctx).rotate(name))


@app.command("revoke")
def revoke(ctx: typer.Context, name: Annotated[str, typer.Argument()]) -> None:
    """Revoke a client's token."""
    _store(ctx).revoke(name)
    typer.echo(f"revoked {name}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="clients")
