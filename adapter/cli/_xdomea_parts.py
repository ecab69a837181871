"""``egov-adapter xdomea parts``: the 4.x processes whose messages are not all here; report the overdue ones.

Lists each waiting process (ProzessID, type, messages received of how many, since when; ``overdue``
after ``EGOV_XDOMEA_PART_TIMEOUT_HOURS``). With ``--expire`` the overdue ones are reported: a
warning is logged, each is closed in the journal and the negative 0402 of every message received is
written to ``--out`` (default: the current folder), for the sender. Exit 0 either way; a process
that is reported stays answerable (a late or repeated message gets the same receipts from the journal).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from adapter.cli.state import state_of

__all__ = ["parts_command"]


def parts_command(
    ctx: typer.Context,
    expire: Annotated[bool, typer.Option("--expire", help="Report the overdue processes and write their 0402s.")]
    = False,
    out: Annotated[Path | None, typer.Option(help="Folder for the receipts of reported processes.")] = None,
) -> None:
    """List the xdomea 4.x processes waiting for more messages; --expire reports the overdue ones."""
    state = state_of(ctx)
    settings = state.settings
    with state.open() as adapter:
        service = adapter.importer
        now = datetime.now(UTC)
        waiting = service.waiting_parts()
        for process in waiting:
            overdue = now - process.since >= settings.xdomea_part_timeout
            typer.echo(f"{process.process_id}\t{process.message_type}\t{len(process.parts)}/{process.total}\t"
                       f"{process.since.isoformat()}\t{'overdue' if overdue else 'waiting'}")
        typer.echo(f"{len(waiting)} process(es) waiting for messages")
        if not expire:
            return
        folder = out or Path.cwd()
        folder.mkdir(parents=True, exist_ok=True)
        for outcome in service.expire_parts():
            for name, data in outcome.receipts.items():
                (folder / name).write_bytes(data)
                typer.echo(f"receipt: {folder / name}")
            received, total = outcome.parts or (0, 0)
            typer.echo(f"reported incomplete: ProzessID {outcome.process_id} ({outcome.message_type}),"
                       f" {received} of {total} message(s)")
