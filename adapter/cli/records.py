"""The main job: ``file``, ``assign``, ``show``, ``get`` (records in the E-Akte, by our ids only)."""

from __future__ import annotations

import json
import mimetypes
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer

from adapter.cli.progress import Advance, Reporting, transfer
from adapter.cli.state import state_of
from adapter.domain.commands import AssignPosteingang
from adapter.domain.errors import InvalidInput
from adapter.domain.metadata import Bearbeiter
from adapter.services.content import FileContent
from adapter.services.records.filing import FilingRequest
from adapter.services.records.intake import enqueue_filing
from adapter.services.records.reading import TreeNode

__all__ = ["register", "save_content"]

Clerk = Annotated[str, typer.Option("--bearbeiter", help="Kennung of the acting clerk (recorded in the DMS).")]


def _echo(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _when(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--eingangsdatum {text!r} is not an ISO 8601 date-time") from None
    if value.tzinfo is None:
        raise InvalidInput("--eingangsdatum needs a time zone (e.g. 2026-11-26T09:30:00+01:00)")
    return value


def file(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The file to file.")],
    record_class: Annotated[str, typer.Option("--class", help="Record class (mappings/classes).")],
    betreff: Annotated[str, typer.Option(help="Betreff of the document.")],
    aktenzeichen: Annotated[str | None, typer.Option(help="File into this existing Akte.")] = None,
    neue_akte: Annotated[str | None, typer.Option(help="Create a new Akte with this Betreff.")] = None,
    teilakte: Annotated[str | None, typer.Option(help="Teilakte title (created if missing).")] = None,
    vorgang: Annotated[str | None, typer.Option(help="Vorgang Betreff (created if missing).")] = None,
    dokumentart: Annotated[str | None, typer.Option()] = None,
    eingangsdatum: Annotated[str | None, typer.Option(help="ISO 8601 with time zone.")] = None,
    media_type: Annotated[str | None, typer.Option(help="Media type (guessed from the name otherwise).")] = None,
    idempotency_key: Annotated[str | None, typer.Option(help="The caller's key; derived when absent.")] = None,
    bearbeiter: Clerk = "egov-adapter",
    queue: Annotated[bool, typer.Option("--queue", help="Journal it for the workers; print the job.")] = False,
) -> None:
    """File a document into a record class, creating Akte, Teilakte and Vorgang as needed."""
    request = FilingRequest(record_class=record_class, betreff=betreff, bearbeiter=bearbeiter,
                            aktenzeichen=aktenzeichen, neue_akte=neue_akte, teilakte=teilakte, vorgang=vorgang,
                            dokumentart=dokumentart, eingangsdatum=_when(eingangsdatum),
                            idempotency_key=idempotency_key)
    if queue:
        _enqueue(ctx, path, request, media_type)
        return
    size = path.stat().st_size
    with transfer("prüfe", size) as advance:
        content = FileContent.of(path, media_type=media_type, advance=advance)
    with state_of(ctx).open() as adapter, transfer("lade hoch", size) as advance:
        result = adapter.filing.file(request, Reporting(content, advance))
    _echo(result.to_json())


def _enqueue(ctx: typer.Context, path: Path, request: FilingRequest, media_type: str | None) -> None:
    """Spool and journal the filing (durably) before printing the job: a worker files it."""
    state = state_of(ctx)
    settings = state.settings
    kind = media_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    with state.open() as adapter, open(path, "rb") as stream:
        adapter.filing.check(request)  # refused now (exit 1), not dead-lettered by the worker later
        job, created = enqueue_filing(adapter.journal, adapter.spool, request, stream, name=path.name,
                                      media_type=kind, client=settings.client_id,
                                      max_attempts=settings.journal_max_attempts)
    _echo({"job": str(job.id), "state": str(job.state), "created": created, "result": job.result})


def assign(
    ctx: typer.Context,
    dokument: Annotated[UUID, typer.Argument(help="Id of the Posteingang document.")],
    vorgang_id: Annotated[UUID | None, typer.Option("--vorgang-id", help="Id of the target Vorgang.")] = None,
    aktenzeichen: Annotated[str | None, typer.Option(help="Akte of the target Vorgang.")] = None,
    vorgang: Annotated[str | None, typer.Option(help="Betreff of the target Vorgang in that Akte.")] = None,
    bearbeiter: Clerk = "egov-adapter",
) -> None:
    """Assign a Posteingang item to a Vorgang (move plus metadata of the Vorgang's class)."""
    clerk = Bearbeiter(kennung=bearbeiter)
    with state_of(ctx).open() as adapter:
        if vorgang_id is None:
            if not (aktenzeichen and vorgang):
                raise InvalidInput("name the target: --vorgang-id, or --aktenzeichen with --vorgang")
            target = adapter.records.container(adapter.records.akte(aktenzeichen), "vorgang", vorgang, clerk)
            vorgang_id = target.uuid
        moved = adapter.records.assign(AssignPosteingang(bearbeiter=clerk, dokument_id=dokument,
                                                         vorgang_id=vorgang_id))
    _echo({"dokument": str(moved.uuid), "vorgang": str(vorgang_id), "record_class": moved.record_class})


def _print_tree(node: TreeNode, depth: int = 0) -> None:
    label = f"{node.level:9} {node.name}"
    extra = [f"id={node.id}"] if node.id else []
    if node.size is not None:
        extra.append(f"{node.size} bytes")
    typer.echo("  " * depth + label + (f"  ({', '.join(extra)})" if extra else ""))
    for child in node.children:
        _print_tree(child, depth + 1)


def show(
    ctx: typer.Context,
    aktenzeichen: Annotated[str, typer.Argument(help="Aktenzeichen of the Akte.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    bearbeiter: Clerk = "egov-adapter",
) -> None:
    """Show the E-Akte tree of an Aktenzeichen."""
    with state_of(ctx).open() as adapter:
        tree = adapter.reading.tree(aktenzeichen, bearbeiter)
    if as_json:
        _echo(tree.as_dict())
    else:
        _print_tree(tree)


def get(
    ctx: typer.Context,
    dokument: Annotated[UUID, typer.Argument(help="Id of the document.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here (default: stdout).")] = None,
    bearbeiter: Clerk = "egov-adapter",
) -> None:
    """Download a document's content, streamed, checked against the DMS's SHA-256."""
    with state_of(ctx).open() as adapter:
        _entry, item, chunks = adapter.reading.download(dokument, bearbeiter)
        with transfer("lade herunter", item.content_length) as advance:
            if out is None:
                for chunk in chunks:
                    sys.stdout.buffer.write(chunk)
                    advance(len(chunk))
                sys.stdout.buffer.flush()
                return
            save_content(chunks, out, advance)


def save_content(chunks: Iterable[bytes], out: Path, advance: Advance) -> None:
    """Write ``chunks`` to ``out.part``, then rename it to ``out`` (no partial file under the name asked for)."""
    partial = out.with_name(out.name + ".part")
    try:
        with open(partial, "wb") as target:
            for chunk in chunks:
                target.write(chunk)
                advance(len(chunk))
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


def register(root: typer.Typer) -> None:
    for command in (file, assign, show, get):
        root.command(command.__name__)(command)
