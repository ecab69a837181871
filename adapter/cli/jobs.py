"""``egov-adapter jobs``: look into the journal and act on dead letters (list, show, retry, discard).

Output never includes job payloads (they may carry metadata about people); ``show`` lists the
payload's keys, the recorded step names, the result and the last error code. Each command sees one
tenant's jobs (``--tenant``); ``dead-letters`` replays and discards with an audited reason.
"""

from __future__ import annotations

import json
import uuid
from contextlib import AbstractContextManager
from typing import Annotated, Any

import typer

from adapter.cli.state import state_of
from adapter.domain.errors import InvalidInput
from adapter.domain.jobs import Job, JobState
from adapter.ports.journal import Journal

__all__ = ["register"]

JournalOpt = Annotated[str | None, typer.Option(
    "--journal", help="Journal URL: sqlite:///path or postgresql://... (default: EGOV_JOURNAL_URL)")]
TenantOpt = Annotated[str | None, typer.Option(
    "--tenant", help="The tenant whose jobs these are (EGOV_TENANT; else the default tenant).")]
IdArg = Annotated[str, typer.Argument(help="Job id (UUID).")]


def _journal(ctx: typer.Context, url: str | None, tenant: str | None = None) -> AbstractContextManager[Journal]:
    """The tenant's journal of ``--journal`` (else ``EGOV_JOURNAL_URL``), through the composition root: another
    tenant's job does not exist there."""
    state = state_of(ctx)
    return state.wiring.open_journal(state.tenant_settings(tenant).updated(journal_url=url))


def _id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError as exc:
        raise InvalidInput("job id must be a UUID") from exc


def _summary(job: Job) -> dict[str, Any]:
    error = job.last_error
    return {"id": str(job.id), "tenant": job.tenant, "kind": job.kind, "client": job.client, "state": str(job.state),
            "attempts": job.attempts, "max_attempts": job.max_attempts,
            "next_attempt_at": job.next_attempt_at.isoformat(), "lease_owner": job.lease_owner,
            "error": None if error is None else {"code": error.code, "message": error.message},
            "created_at": job.created_at.isoformat(), "updated_at": job.updated_at.isoformat()}


def _list(ctx: typer.Context, journal: JournalOpt = None, tenant: TenantOpt = None,
          state: Annotated[str | None, typer.Option(help="Only this state.")] = None,
          limit: Annotated[int, typer.Option(min=1)] = 100) -> None:
    """Jobs oldest first: id, kind, state, attempts, next attempt, last error code."""
    try:
        wanted = JobState(state) if state else None
    except ValueError as exc:
        raise InvalidInput(f"unknown state {state!r}; one of {', '.join(JobState)}") from exc
    with _journal(ctx, journal, tenant) as jnl:
        for job in jnl.list(wanted, limit):
            code = job.last_error.code if job.last_error else "-"
            typer.echo(f"{job.id}  {job.kind:<8} {job.state:<11} {job.attempts}/{job.max_attempts}"
                       f"  {job.next_attempt_at.isoformat()}  {code}")


def _show(ctx: typer.Context, job_id: IdArg, journal: JournalOpt = None, tenant: TenantOpt = None) -> None:
    """One job as JSON (payload keys and step names only)."""
    with _journal(ctx, journal, tenant) as jnl:
        job = jnl.get(_id(job_id))
    detail = {**_summary(job), "idempotency_key": job.idempotency_key, "payload_keys": sorted(job.payload),
              "steps": [step.name for step in job.steps], "result": job.result,
              "finished_at": job.finished_at.isoformat() if job.finished_at else None}
    typer.echo(json.dumps(detail, indent=2, ensure_ascii=False))


def _retry(ctx: typer.Context, job_id: IdArg, journal: JournalOpt = None, tenant: TenantOpt = None) -> None:
    """Put a dead-lettered (or failed) job back in the queue with a fresh attempt budget."""
    with _journal(ctx, journal, tenant) as jnl:
        job = jnl.retry(_id(job_id))
    typer.echo(f"{job.id} {job.state}")


def _discard(ctx: typer.Context, job_id: IdArg, journal: JournalOpt = None, tenant: TenantOpt = None) -> None:
    """Give up on a job that is not running (its payload is dropped)."""
    with _journal(ctx, journal, tenant) as jnl:
        job = jnl.discard(_id(job_id))
    typer.echo(f"{job.id} {job.state}")


def register(root: typer.Typer) -> None:
    group = typer.Typer(name="jobs", help="Journal: list, show, retry, discard jobs.", no_args_is_help=True)
    group.command("list")(_list)
    group.command("show")(_show)
    group.command("retry")(_retry)
    group.command("discard")(_discard)
    root.add_typer(group, name="jobs")
