"""``egov-adapter audit``: verify the tamper-evident audit trail and sign checkpoints of its head.

``verify`` exits 0 when the chain and every checkpoint hold, 1 (IntegrityError) naming the first bad
entry otherwise. ``checkpoint`` is run by the checkpointer role (see ``adapter.audit``), not the adapter.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from adapter.audit import load_key, verify, write_checkpoint
from adapter.cli.state import state_of
from adapter.domain.errors import ConfigurationError, IntegrityError

__all__ = ["register"]

LogOpt = Annotated[Path | None, typer.Option("--log", help="The audit log, JSON lines (EGOV_AUDIT_LOG).")]
CheckpointsOpt = Annotated[Path | None, typer.Option(
    "--checkpoints", help="The checkpoints file (EGOV_AUDIT_CHECKPOINTS).")]
KeyOpt = Annotated[Path | None, typer.Option(
    "--key-file", help="The checkpoint HMAC key, >= 32 bytes (EGOV_AUDIT_KEY_FILE).")]


def _paths(ctx: typer.Context, log: Path | None, checkpoints: Path | None,
           key_file: Path | None) -> tuple[Path, Path, Path]:
    """The options, else their ``EGOV_AUDIT_*`` settings."""
    settings = state_of(ctx).tenant_settings()  # the trail of --tenant (each tenant has its own)
    default_log, default_checkpoints = settings.audit_paths
    key = key_file or settings.audit_key_file
    if key is None:
        raise ConfigurationError("the checkpoint key is needed: --key-file or EGOV_AUDIT_KEY_FILE")
    return log or default_log, checkpoints or default_checkpoints, key


def _verify(ctx: typer.Context, log: LogOpt = None, checkpoints: CheckpointsOpt = None,
            key_file: KeyOpt = None) -> None:
    """Check every entry's hash and link and every checkpoint; exit 1 at the first tampering."""
    log, checkpoints, key_file = _paths(ctx, log, checkpoints, key_file)
    report = verify(log, checkpoints, load_key(key_file))
    if not report.ok:
        raise IntegrityError(f"audit trail tampered: {report.problem}",
                             detail={"first_bad_entry": report.first_bad_seq})
    typer.echo(f"ok: {report.entries} entries, {report.checkpoints} checkpoints verified")


def _checkpoint(ctx: typer.Context, log: LogOpt = None, checkpoints: CheckpointsOpt = None,
                key_file: KeyOpt = None) -> None:
    """Sign the current head of the log and append it to the checkpoints file."""
    log, checkpoints, key_file = _paths(ctx, log, checkpoints, key_file)
    point = write_checkpoint(log, checkpoints, load_key(key_file), datetime.now(UTC))
    typer.echo(f"checkpoint at entry {point.seq}")


def register(root: typer.Typer) -> None:
    group = typer.Typer(name="audit", help="Audit trail: verify, checkpoint.", no_args_is_help=True)
    group.command("verify")(_verify)
    group.command("checkpoint")(_checkpoint)
    root.add_typer(group, name="audit")
