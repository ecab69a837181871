"""``egov-adapter dead-letters list | replay | discard --tenant T``: one tenant's dead letters.

``replay`` and ``discard`` need ``--reason`` and append an audit entry (operator = ``--operator`` or the
OS user, job id, reason) to the tenant's audit trail. Another tenant's job id is "no such job" (exit 1).
No DMS is opened: the tenant's journal and audit trail are enough.
"""

from __future__ import annotations

import getpass
import uuid
from typing import Annotated

import typer

from adapter.cli.state import state_of
from adapter.domain.errors import InvalidInput

__all__ = ["register"]

TenantOpt = Annotated[str | None, typer.Option(
    "--tenant", help="The tenant whose dead letters these are (EGOV_TENANT; else the default tenant).")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why (one line; recorded in the audit trail).")]
OperatorOpt = Annotated[str | None, typer.Option("--operator", help="Who acts (default: the OS user).")]
IdArg = Annotated[str, typer.Argument(help="Job id (UUID).")]


def _id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError as exc:
        raise InvalidInput("job id must be a UUID") from exc


def _operator(given: str | None) -> str:
    return given or f"cli:{getpass.getuser()}"


def _list(ctx: typer.Context, tenant: TenantOpt = None,
          limit: Annotated[int, typer.Option(min=1)] = 100) -> None:
    """Dead letters oldest first: id, kind, attempts, error code and message."""
    state = state_of(ctx)
    with state.wiring.open_dead_letters(state.tenant_settings(tenant)) as letters:
        for job in letters.list(limit):
            error = job.last_error
            typer.echo(f"{job.id}  {job.kind:<10} {job.attempts}/{job.max_attempts}  "
                       f"{error.code if error else '-'}: {error.message if error else ''}")


def _replay(ctx: typer.Context, job_id: IdArg, reason: ReasonOpt, tenant: TenantOpt = None,
            operator: OperatorOpt = None) -> None:
    """Put a dead letter back in the queue (after its cause was fixed); audited with the reason."""
    state = state_of(ctx)
    with state.wiring.open_dead_letters(state.tenant_settings(tenant)) as letters:
        job = letters.replay(_id(job_id), operator=_operator(operator), reason=reason)
    typer.echo(f"{job.id} {job.state}")


def _discard(ctx: typer.Context, job_id: IdArg, reason: ReasonOpt, tenant: TenantOpt = None,
             operator: OperatorOpt = None) -> None:
    """Give a dead letter up; audited with the reason."""
    state = state_of(ctx)
    with state.wiring.open_dead_letters(state.tenant_settings(tenant)) as letters:
        job = letters.discard(_id(job_id), operator=_operator(operator), reason=reason)
    typer.echo(f"{job.id} {job.state}")


def register(root: typer.Typer) -> None:
    group = typer.Typer(name="dead-letters", help="Dead letters of a tenant: list, replay, discard (audited).",
                        no_args_is_help=True)
    group.command("list")(_list)
    group.command("replay")(_replay)
    group.command("discard")(_discard)
    root.add_typer(group, name="dead-letters")
