"""``egov-adapter aussonderung candidates | offer | deliver | status | run``: records to the archive.

Every command opens the graph and asks its ``aussonderung`` service (``adapter.services.aussonderung``);
messages go over XTA (the ``EGOV_XTA_*`` settings) unless ``--out DIR`` hands them over as files. The
archive's answers (0502, 0504, 0506, 0507) arrive through ``xta poll`` or, as files, ``xdomea import``.
Output is JSON.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer

from adapter.cli.state import state_of
from adapter.domain.errors import InvalidInput

__all__ = ["register"]

app = typer.Typer(help="Records to the archive: xdomea Aussonderung 0501-0507.", no_args_is_help=True)
RecordClass = Annotated[str | None, typer.Option("--class", help="Only records of this record class.")]
Ids = Annotated[list[UUID] | None, typer.Option("--id", help="Only these records (our ids; repeat).")]
Out = Annotated[Path | None, typer.Option(help="Hand the messages over as files in this folder (no XTA).",
                                          file_okay=False)]
Clerk = Annotated[str, typer.Option("--bearbeiter", help="Kennung of the acting clerk (audit trail).")]


def _echo(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@app.command()
def candidates(ctx: typer.Context, record_class: RecordClass = None,
               bis: Annotated[str | None, typer.Option(help="Retention over by this day, YYYY-MM-DD "
                                                                "(default: today).")] = None) -> None:
    """List the records due for the Aussonderung: zdA, retention over, no legal hold; with their Aussonderungsart."""
    try:
        day = date.fromisoformat(bis) if bis else None
    except ValueError:
        raise InvalidInput(f"--bis {bis!r} is not a date (YYYY-MM-DD)") from None
    with state_of(ctx).open() as adapter:
        _echo([c.as_dict() for c in adapter.aussonderung.candidates(record_class=record_class, bis=day)])


@app.command()
def offer(ctx: typer.Context, record_class: RecordClass = None, ids: Ids = None,
          include_a: Annotated[bool, typer.Option(help="Offer records of Aussonderungsart A too (else they go "
                                                       "with 'deliver', without an offer).")] = False,
          out: Out = None, bearbeiter: Clerk = "egov-adapter") -> None:
    """Offer the candidates to the archive (0501 Anbieteverzeichnis: metadata and hierarchy, no files)."""
    with state_of(ctx).open() as adapter:
        _echo(adapter.aussonderung.offer(clerk=bearbeiter, record_class=record_class, ids=ids or (),
                                         include_a=include_a, out_dir=out).as_dict())


@app.command()
def deliver(ctx: typer.Context,
            process: Annotated[str | None, typer.Option(help="Only this ProzessID.")] = None,
            record_class: RecordClass = None, ids: Ids = None, out: Out = None,
            bearbeiter: Clerk = "egov-adapter") -> None:
    """Deliver what the archive takes (0503 with every version's files): the evaluated "archive" objects, and -
    without --process - the candidates of Aussonderungsart A without an offer."""
    with state_of(ctx).open() as adapter:
        done = adapter.aussonderung.deliver(clerk=bearbeiter, process_id=process, record_class=record_class,
                                            ids=ids or (), out_dir=out)
        _echo([d.as_dict() for d in done])


@app.command()
def status(ctx: typer.Context,
           process: Annotated[str | None, typer.Argument(help="A ProzessID: its objects one by one.")] = None) -> None:
    """Where each Aussonderung stands: objects by state, messages, refusals."""
    with state_of(ctx).open() as adapter:
        _echo(adapter.aussonderung.status(process))


@app.command("run")
def run_due(ctx: typer.Context) -> None:
    """Finish what is due or was interrupted: messages not yet sent, deletion passes (e.g. from a timer)."""
    with state_of(ctx).open() as adapter:
        _echo(adapter.aussonderung.run_due())


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="aussonderung")
