"""``egov-adapter console operators add | list | revoke``: who may log in to the operator console (/console).

Operators are separate from API clients. ``add NAME --tenant T`` (repeatable) or ``--all`` prints the
generated password once; the file is ``EGOV_CONSOLE_OPERATORS_FILE`` (default
``<data dir>/console-operators.json``), read again by a running ``serve`` when it changes.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from adapter.api.console.operators import ALL_TENANTS, OperatorStore
from adapter.api.settings import api_settings
from adapter.cli.state import state_of

__all__ = ["register"]

operators = typer.Typer(name="operators", help="Console operators: add, list, revoke.", no_args_is_help=True)


def _store(ctx: typer.Context) -> OperatorStore:
    return OperatorStore(api_settings(state_of(ctx).settings).operators_file)


@operators.command("add")
def _add(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Operator name (login).")],
         tenant: Annotated[list[str] | None, typer.Option("--tenant", help="A tenant the operator sees.")] = None,
         every: Annotated[bool, typer.Option("--all", help="The operator sees every tenant.")] = False) -> None:
    """Add an operator for the named tenants (or all); prints the password once."""
    password = _store(ctx).add(name, [ALL_TENANTS] if every else list(tenant or []))
    typer.echo(f"operator {name!r} added; password (shown once):\n  {password}")


@operators.command("list")
def _list(ctx: typer.Context) -> None:
    """Every operator and the tenants it sees (never a hash)."""
    for operator in _store(ctx).operators().values():
        typer.echo(json.dumps(operator.public(), ensure_ascii=False))


@operators.command("revoke")
def _revoke(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Operator name.")]) -> None:
    """Revoke an operator (its sessions end with the next request)."""
    _store(ctx).revoke(name)
    typer.echo(f"operator {name!r} revoked")


def register(root: typer.Typer) -> None:
    group = typer.Typer(name="console", help="The operator console (/console): its operators.", no_args_is_help=True)
    group.add_typer(operators, name="operators")
    root.add_typer(group, name="console")
