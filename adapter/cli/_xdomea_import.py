"""``egov-adapter xdomea import FILE``: apply an FVDaten 06xx or Abgabe 0401 to the DMS, write its receipts.

The import rules come from ``EGOV_XDOMEA_*`` with the options over them (``--default-class``,
``--class-for SENDER=CLASS``); the graph's importer applies the message. Receipts are written to
``--out`` (default: beside FILE) before a refusal is raised, so a refused message is still answered.
A progress bar runs on a terminal.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from adapter.cli.state import state_of
from adapter.domain.errors import InvalidInput
from adapter.services.xdomea.importer import ImportOutcome
from adapter.xoev.errors import XoevRefused

__all__ = ["import_command"]


def _classes(configured: dict[str, str], class_for: list[str]) -> str:
    """``EGOV_XDOMEA_CLASSES`` with the ``--class-for`` pairs over it, in the variable's form."""
    pairs = dict(configured)
    for item in class_for:
        sender, sep, record_class = item.partition("=")
        if not sep or not sender or not record_class or "," in item:
            raise InvalidInput(f"--class-for {item!r}: expected SENDER=CLASS")
        pairs[sender] = record_class
    return ",".join(f"{sender}={rc}" for sender, rc in pairs.items())


def _report(outcome: ImportOutcome, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in outcome.receipts.items():
        (out / name).write_bytes(data)
        typer.echo(f"receipt: {out / name}")
    for entry in outcome.entries:
        state = ("filed" + (f" ({entry.text})" if entry.text else "")) if entry.ok else \
            f"NOT filed ({entry.reason}: {entry.text})"
        ours = entry.objects[0].our_id if entry.objects and entry.ok else "-"
        typer.echo(f"entry {entry.number} {entry.fv_id!r}: {state}, our id {ours}, {len(entry.objects)} object(s)")
    if outcome.redelivered:
        typer.echo(f"redelivered: ProzessID {outcome.process_id} ({outcome.message_type}) was imported before;"
                   " the same receipts again, nothing filed")


def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A .zip container or .xml message.")],
    out: Annotated[Path | None, typer.Option(help="Folder for the receipts (default: beside FILE).")] = None,
    default_class: Annotated[str | None, typer.Option(
        help="Record class for entries without IDContainer (EGOV_XDOMEA_DEFAULT_CLASS).")] = None,
    class_for: Annotated[list[str] | None, typer.Option(
        help="SENDER=CLASS: the class for a sender's entries (EGOV_XDOMEA_CLASSES).")] = None,
) -> None:
    """Import an FVDaten 06xx or Abgabe 0401 (container or bare XML) into the DMS and write its receipts."""
    state = state_of(ctx)
    settings = state.settings.updated(
        xdomea_default_class=default_class,
        xdomea_classes=_classes(state.settings.xdomea_classes_by_sender, class_for or []))
    console = Console(stderr=True)
    with state.with_settings(settings).open() as adapter, Progress(
            TextColumn("filing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console,
            transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("filing", total=None)
        outcome = adapter.importer.import_file(file, progress=lambda done, total: bar.update(task, completed=done,
                                                                                     total=total))
    _report(outcome, out or file.parent)
    if outcome.error is not None:
        if isinstance(outcome.error, XoevRefused):
            for line, text in outcome.error.problems:
                label = outcome.error.source or file.name
                typer.echo(f"{label}:{line}: {text}" if line else f"{label}: {text}")
        raise outcome.error
    if outcome.waiting and outcome.parts:
        typer.echo(f"kept: ProzessID {outcome.process_id} ({outcome.message_type}), {outcome.parts[0]} of"
                   f" {outcome.parts[1]} messages here; filed once all have arrived")
        return
    typer.echo(f"imported: ProzessID {outcome.process_id} ({outcome.message_type}), {len(outcome.entries)} entries")
