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
from adapter.domain.errors import IntegrityError

__all__ = ["register"]

LogOpt = Annotated[Path, typer.Option("--log", help="The audit log (JSON lines).")]
CheckpointsOpt = Annotated[Path, typer.Option("--checkpoints", help="The checkpoints file.")]
KeyOpt = Annotated[Path, typer.Option("--key-file", help="The checkpoint HMAC key (>= 32 bytes).")]


def _verify(log: LogOpt, checkpoints: CheckpointsOpt, key_file: KeyOpt) -> None:
    """Check every entry's hash and link and every checkpoint; exit 1 at the first tampering."""
    report = verify(log, checkpoints, load_key(key_file))
    if not report.ok:
        raise IntegrityError(f"audit trail tampered: {report.problem}",
                             detail={"first_bad_entry": report.first_bad_seq})
    typer.echo(f"ok: {report.entries} entries, {report.checkpoints} checkpoints verified")


def _checkpoint(log: LogOpt, checkpoints: CheckpointsOpt, key_file: KeyOpt) -> None:
    """Sign the current head of the log and append it to the checkpoints file."""
    point = write_checkpoint(log, checkpoints, load_key(key_file), datetime.now(UTC))
    typer.echo(f"checkpoint at entry {point.seq}")


def register(root: typer.Typer) -> None:
    group = typer.Typer(name="audit", help="Audit trail: verify, checkpoint.", no_args_is_help=True)
    group.command("verify")(_verify)
    group.command("checkpoint")(_checkpoint)
    root.add_typer(group, name="audit")
