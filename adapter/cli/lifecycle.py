"""The record lifecycle from the command line: ``version``, ``versions``, ``update``, ``mark``, ``unmark``,
``hold``, ``release``, ``zda``, ``reopen``, ``delete`` (records named by our ids; see
``adapter.services.lifecycle.service``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar
from uuid import UUID

import typer

from adapter.cli.progress import Reporting, transfer
from adapter.cli.state import state_of
from adapter.domain.codes import Aussonderungsart, Medium, Vertraulichkeitsstufe
from adapter.domain.commands import (
    AddVersion,
    CloseZdA,
    DeletePermanently,
    MarkForDeletion,
    ReleaseHold,
    ReopenZdA,
    SetHold,
    UnmarkForDeletion,
    UpdateMetadata,
)
from adapter.domain.errors import InvalidInput
from adapter.domain.idempotency import IdempotencyKey
from adapter.domain.metadata import Bearbeiter
from adapter.domain.records import PrimaryFile
from adapter.ports.registry import RegistryEntry
from adapter.services.content import FileContent
from adapter.services.lifecycle.service import LifecycleService

__all__ = ["register"]

T = TypeVar("T")
Id = Annotated[UUID, typer.Argument(help="Our id of the record.")]
Clerk = Annotated[str, typer.Option("--bearbeiter", help="Kennung of the acting clerk (recorded in the DMS).")]
Key = Annotated[str | None, typer.Option(help="The caller's idempotency key; derived when absent.")]


def _echo(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _run(ctx: typer.Context, action: Callable[[LifecycleService], T]) -> T:
    with state_of(ctx).open() as adapter:
        return action(adapter.lifecycle)


def _key(text: str | None) -> IdempotencyKey | None:
    return IdempotencyKey.of_caller(text) if text is not None else None


def _entry(entry: RegistryEntry) -> dict[str, Any]:
    return {"id": str(entry.uuid), "level": entry.level, "record_class": entry.record_class,
            "betreff": entry.betreff, "aktenzeichen": entry.aktenzeichen}


def _code(kind: type[T], text: str | None, what: str) -> T | None:
    if text is None:
        return None
    try:
        return kind(text)  # type: ignore[call-arg]
    except ValueError:
        raise InvalidInput(f"--{what} {text!r} is not a valid code") from None


def version(ctx: typer.Context, dokument: Id,
            path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The new file.")],
            media_type: Annotated[str | None, typer.Option(help="Media type (guessed otherwise).")] = None,
            idempotency_key: Key = None, bearbeiter: Clerk = "egov-adapter") -> None:
    """Add a new major version with this file to a document (exactly once per key)."""
    size = path.stat().st_size
    with transfer("prüfe", size) as advance:
        content = FileContent.of(path, media_type=media_type, advance=advance)
    cmd = AddVersion(bearbeiter=Bearbeiter(kennung=bearbeiter), dokument_id=dokument,
                     idempotency_key=_key(idempotency_key),
                     dateien=(PrimaryFile(content.name, content.media_type, content.size, content.sha256),))
    with transfer("lade hoch", size) as advance:
        made = _run(ctx, lambda svc: svc.add_version(cmd, Reporting(content, advance)))
    _echo(made.__dict__)


def versions(ctx: typer.Context, dokument: Id) -> None:
    """List a document's versions, newest first."""
    _echo([v.__dict__ for v in _run(ctx, lambda svc: svc.versions(dokument))])


def update(ctx: typer.Context, record: Id,
           betreff: Annotated[str | None, typer.Option()] = None,
           dokumentart: Annotated[str | None, typer.Option()] = None,
           kennzeichen: Annotated[list[str] | None, typer.Option(help="Repeat for several.")] = None,
           vertraulichkeit: Annotated[str | None, typer.Option(help="Code, e.g. 003.")] = None,
           medium: Annotated[str | None, typer.Option(help="Code.")] = None,
           federfuehrung: Annotated[str | None, typer.Option()] = None,
           aussonderungsart: Annotated[str | None, typer.Option(help="Code: A, B or V.")] = None,
           aufbewahrungsdauer: Annotated[int | None, typer.Option(help="Years.")] = None,
           idempotency_key: Key = None, bearbeiter: Clerk = "egov-adapter") -> None:
    """Change metadata of a record (only the options given)."""
    changes: dict[str, object] = {
        "betreff": betreff, "dokumentart": dokumentart, "federfuehrung": federfuehrung,
        "kennzeichen": tuple(kennzeichen) if kennzeichen else None,
        "vertraulichkeit": _code(Vertraulichkeitsstufe, vertraulichkeit, "vertraulichkeit"),
        "medium": _code(Medium, medium, "medium"),
        "aussonderungsart": _code(Aussonderungsart, aussonderungsart, "aussonderungsart"),
        "aufbewahrungsdauer": aufbewahrungsdauer}
    cmd = UpdateMetadata(bearbeiter=Bearbeiter(kennung=bearbeiter), object_id=record,
                         idempotency_key=_key(idempotency_key),
                         changes={k: v for k, v in changes.items() if v is not None})
    _echo(_entry(_run(ctx, lambda svc: svc.update_metadata(cmd))))


def mark(ctx: typer.Context, record: Id, grund: Annotated[str, typer.Option(help="Reason for deletion.")],
         bearbeiter: Clerk = "egov-adapter") -> None:
    """Mark a record for deletion (Löschmarkierung)."""
    cmd = MarkForDeletion(bearbeiter=Bearbeiter(kennung=bearbeiter), object_id=record, grund=grund)
    _echo(_entry(_run(ctx, lambda svc: svc.mark_for_deletion(cmd))))


def unmark(ctx: typer.Context, record: Id, bearbeiter: Clerk = "egov-adapter") -> None:
    """Clear a record's deletion mark."""
    cmd = UnmarkForDeletion(bearbeiter=Bearbeiter(kennung=bearbeiter), object_id=record)
    _echo(_entry(_run(ctx, lambda svc: svc.unmark_for_deletion(cmd))))


def hold(ctx: typer.Context, record: Id, grund: Annotated[str, typer.Option(help="Reason for the hold.")],
         bearbeiter: Clerk = "egov-adapter") -> None:
    """Set a legal hold (Löschsperre): no deletion and no Aussonderung of the record (and what it holds)."""
    cmd = SetHold(bearbeiter=Bearbeiter(kennung=bearbeiter), object_id=record, grund=grund)
    _echo(_entry(_run(ctx, lambda svc: svc.set_hold(cmd))))


def release(ctx: typer.Context, record: Id, bearbeiter: Clerk = "egov-adapter") -> None:
    """Release a record's legal hold."""
    cmd = ReleaseHold(bearbeiter=Bearbeiter(kennung=bearbeiter), object_id=record)
    _echo(_entry(_run(ctx, lambda svc: svc.release_hold(cmd))))


def zda(ctx: typer.Context, record: Id,
        ende: Annotated[str | None, typer.Option(help="End of the Laufzeit, YYYY-MM-DD (default: today).")] = None,
        bearbeiter: Clerk = "egov-adapter") -> None:
    """Close an Akte, Teilakte or Vorgang zdA; nothing can be filed into it afterwards."""
    try:
        day = date.fromisoformat(ende) if ende else None
    except ValueError:
        raise InvalidInput(f"--ende {ende!r} is not a date (YYYY-MM-DD)") from None
    cmd = CloseZdA(bearbeiter=Bearbeiter(kennung=bearbeiter), object_id=record, ende=day)
    _echo(_entry(_run(ctx, lambda svc: svc.close_zda(cmd))))


def reopen(ctx: typer.Context, record: Id, bearbeiter: Clerk = "egov-adapter") -> None:
    """Reopen a container closed zdA."""
    cmd = ReopenZdA(bearbeiter=Bearbeiter(kennung=bearbeiter), object_id=record)
    _echo(_entry(_run(ctx, lambda svc: svc.reopen_zda(cmd))))


def delete(ctx: typer.Context, record: Id, bearbeiter: Clerk = "egov-adapter") -> None:
    """Delete a record marked for deletion, once its retention period is over (twice is no error)."""
    cmd = DeletePermanently(bearbeiter=Bearbeiter(kennung=bearbeiter), object_id=record)
    _run(ctx, lambda svc: svc.delete_permanently(cmd))
    _echo({"id": str(record), "deleted": True})


def register(root: typer.Typer) -> None:
    for command in (version, versions, update, mark, unmark, hold, release, zda, reopen, delete):
        root.command(command.__name__)(command)
