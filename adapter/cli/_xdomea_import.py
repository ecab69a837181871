"""``egov-adapter xdomea import FILE``: apply an FVDaten 06xx or Abgabe 0401 to the DMS, write its receipts.

Wiring for the command only: settings -> adapter (``open_adapter``), journal, schema catalog, code
lists and the import rules (``--default-class``, ``--class-for SENDER=CLASS``), then
``XdomeaImportService``. Receipts are written to ``--out`` (default: beside FILE) before a refusal
is raised, so a refused message is still answered. A progress bar runs on a terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from adapter.config import Settings, load_settings
from adapter.domain.errors import InvalidInput
from adapter.services.xdomea.importer import ImportOutcome, XdomeaImportService
from adapter.xoev.errors import XoevRefused
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules

__all__ = ["import_command", "open_importer"]


@contextmanager
def open_importer(settings: Settings, rules: ImportRules) -> Iterator[XdomeaImportService]:
    """The import service wired from ``settings`` (journal: ``settings.journal``, spool: ``settings.spool``)."""
    from adapter.bootstrap import open_adapter
    from adapter.journal import open_journal

    with open_adapter(settings) as adapter:
        journal = open_journal(settings.journal)
        try:
            yield XdomeaImportService(adapter.records, SchemaCatalog(settings.xoev_dir),
                                      CodeLists(settings.xoev_dir), journal, settings.spool / "xdomea", rules=rules,
                                      lifecycle=adapter.lifecycle, part_timeout=settings.xdomea_part_timeout)
        finally:
            journal.close()


def _rules(default_class: str, class_for: list[str]) -> ImportRules:
    pairs = {}
    for item in class_for:
        sender, sep, record_class = item.partition("=")
        if not sep or not sender or not record_class:
            raise InvalidInput(f"--class-for {item!r}: expected SENDER=CLASS")
        pairs[sender] = record_class
    return ImportRules(default_class=default_class, classes_by_sender=pairs)


def _report(outcome: ImportOutcome, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in outcome.receipts.items():
        (out / name).write_bytes(data)
        typer.echo(f"receipt: {out / name}")
    for entry in outcome.entries:
        state = "filed" if entry.ok else f"NOT filed ({entry.reason}: {entry.text})"
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
    class_for: Annotated[list[str] | None, typer.Option(help="SENDER=CLASS: the class for a sender's entries.")] = None,
) -> None:
    """Import an FVDaten 06xx or Abgabe 0401 (container or bare XML) into the DMS and write its receipts."""
    settings = ctx.obj if isinstance(ctx.obj, Settings) else load_settings()
    configured = [f"{sender}={rc}" for sender, rc in settings.xdomea_classes_by_sender.items()]
    rules = _rules(default_class or settings.xdomea_default_class, configured + (class_for or []))
    console = Console(stderr=True)
    with open_importer(settings, rules) as service, Progress(
            TextColumn("filing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console,
            transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("filing", total=None)
        outcome = service.import_file(file, progress=lambda done, total: bar.update(task, completed=done,
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
