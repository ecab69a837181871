"""Map the batch of an FVDaten lifecycle message to domain commands (pure, no I/O).

``plan_item(kind, item, ...)`` gives the command for one batch element or raises ``Refusal`` with
our reason, which ``fv_error_code`` turns into the type's ``SpezifischeFehlermeldung``. ``IDSGO`` is
our UUID (an unparsable one is ``unknown-id``). Keys: ``IdempotencyKey.of_message(ProzessID, type, number)``.

* 0601 -> ``AddVersion`` from the first ``Format`` of the newest ``Version`` (always a new version:
  we never overwrite content, ``NeueVersionErstellen`` 0 changes nothing about that).
* 0609/0610 -> ``UpdateMetadata``: ``Metadatum/Name`` is a canonical field name or its xdomea name
  (``METADATA_NAMES``), ``Wert`` converted (codes through our enums, dates, whole years); several
  ``Kennzeichen`` make one multi-value. An unknown name or a bad value refuses the element.
* 0613/0614 -> ``MarkForDeletion``/``UnmarkForDeletion``; 0615 -> ``DeletePermanently``;
  0624/0632 -> ``CloseZdA``/``ReopenZdA``; 0607 -> ``LogNote`` (what the service files, see there).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from types import MappingProxyType
from uuid import UUID
from zoneinfo import ZoneInfo

from adapter.domain.codes import Aussonderungsart, Medium, Vertraulichkeitsstufe, parse_code
from adapter.domain.commands import (
    AddVersion,
    CloseZdA,
    Command,
    DeletePermanently,
    MarkForDeletion,
    ReopenZdA,
    UnmarkForDeletion,
    UpdateMetadata,
)
from adapter.domain.errors import InvalidInput
from adapter.domain.idempotency import IdempotencyKey
from adapter.domain.metadata import Bearbeiter
from adapter.domain.records import PrimaryFile
from adapter.xoev.xdomea.fvdaten import FvItem, LogEntry, MetadataItem, NewVersionItem
from adapter.xoev.xdomea.to_records import Refusal
from adapter.xoev.xdomea.zipguard import FileFacts

__all__ = ["METADATA_NAMES", "LogNote", "fv_error_code", "plan_item"]

_ZONE = ZoneInfo("Europe/Berlin")
#: Metadatum names (casefolded) -> canonical field.
METADATA_NAMES: Mapping[str, str] = MappingProxyType({
    "betreff": "betreff", "kennzeichen": "kennzeichen", "vertraulichkeit": "vertraulichkeit",
    "vertraulichkeitsstufe": "vertraulichkeit", "medium": "medium", "federfuehrung": "federfuehrung",
    "federführung": "federfuehrung", "aussonderungsart": "aussonderungsart",
    "aufbewahrungsdauer": "aufbewahrungsdauer", "dokumentart": "dokumentart", "typ": "dokumentart",
    "eingangsdatum": "eingangsdatum", "posteingangsdatum": "eingangsdatum",
})
_REASONS = ("unknown-id", "not-possible", "name-invalid", "value-invalid", "value-missing", "no-file",
            "not-marked")
_CODES: Mapping[str, tuple[str | None, ...]] = MappingProxyType({  # per reason, in _REASONS order
    "0601": ("001", "005", "006", "007", "007", "004", None), "0607": ("001", "003", None, "002", "002", None, None),
    "0609": ("001", "006", "002", "005", "008", None, None), "0610": ("001", "005", "002", "004", "007", None, None),
    "0613": ("001", "002", None, None, None, None, None), "0614": ("001", "003", None, None, None, None, "002"),
    "0615": ("001", "002", None, None, None, None, None), "0624": ("001", "002", None, None, None, None, None),
    "0632": ("001", "002", None, None, None, None, None),
})
_SIMPLE: Mapping[str, Callable[[Bearbeiter, UUID, IdempotencyKey], Command]] = MappingProxyType({
    "0614": lambda b, o, k: UnmarkForDeletion(bearbeiter=b, object_id=o, idempotency_key=k),
    "0615": lambda b, o, k: DeletePermanently(bearbeiter=b, object_id=o, idempotency_key=k),
    "0624": lambda b, o, k: CloseZdA(bearbeiter=b, object_id=o, idempotency_key=k),
    "0632": lambda b, o, k: ReopenZdA(bearbeiter=b, object_id=o, idempotency_key=k),
})


@dataclass(frozen=True)
class LogNote:
    """0607: a Protokolleintrag to keep with the object ``object_id`` (title, plain-text body, key)."""

    object_id: UUID
    titel: str
    text: str
    bearbeiter: Bearbeiter
    idempotency_key: IdempotencyKey


def fv_error_code(kind: str, reason: str) -> str:
    """The SpezifischeFehlermeldung code of ``reason`` for ``kind`` (the type's general failure if none)."""
    codes = _CODES[kind]
    suffix = codes[_REASONS.index(reason)] if reason in _REASONS else None
    return kind + (suffix or codes[1] or "002")


def plan_item(kind: str, item: FvItem, *, process_id: str, clerk: Bearbeiter,
              files: Mapping[str, FileFacts]) -> Command | LogNote:
    """The command for one batch element; ``Refusal`` when it cannot become one."""
    try:
        object_id = UUID(item.id_sgo)
    except ValueError:
        raise Refusal("unknown-id", "IDSGO is not an id of ours") from None
    key = IdempotencyKey.of_message(process_id, kind, str(item.number))
    try:
        if isinstance(item, NewVersionItem):
            return _version(item, object_id, clerk, key, files)
        if isinstance(item, MetadataItem):
            return UpdateMetadata(bearbeiter=clerk, object_id=object_id, changes=_changes(item),
                                  idempotency_key=key)
        if isinstance(item, LogEntry):
            return _note(item, object_id, clerk, key)
        if kind == "0613":
            return MarkForDeletion(bearbeiter=clerk, object_id=object_id, grund=f"xdomea 0613 ({process_id})",
                                   idempotency_key=key)
        return _SIMPLE[kind](clerk, object_id, key)
    except InvalidInput as exc:
        raise Refusal("value-invalid", exc.message) from None


def _version(item: NewVersionItem, object_id: UUID, clerk: Bearbeiter, key: IdempotencyKey,
             files: Mapping[str, FileFacts]) -> AddVersion:
    ref = item.dokument.files[0] if item.dokument and item.dokument.files else None
    extracted = files.get(ref.dateiname) if ref else None
    if ref is None or extracted is None:
        raise Refusal("no-file", "the Dokument names no primary file in the container")
    name = (ref.original or ref.dateiname).replace("\\", "/").rsplit("/", 1)[-1]
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    datei = PrimaryFile(name, media, extracted.size, extracted.sha256, ref.format_code)
    return AddVersion(bearbeiter=clerk, dokument_id=object_id, dateien=(datei,), idempotency_key=key)


def _changes(item: MetadataItem) -> dict[str, object]:
    out: dict[str, object] = {}
    for feld in item.felder:
        field = METADATA_NAMES.get(feld.name.strip().casefold())
        if field is None:
            raise Refusal("name-invalid", f"Metadatum {feld.name[:60]!r} is not a field we keep")
        if feld.wert is None:
            raise Refusal("value-missing", f"Metadatum {field} has no Wert")
        value = _value(field, feld.wert)
        if field == "kennzeichen":
            value = (*out.get("kennzeichen", ()), *value)  # type: ignore[misc]
        out[field] = value
    return out


def _value(field: str, text: str) -> object:
    if field == "kennzeichen":
        return (text,)
    codes = {"vertraulichkeit": Vertraulichkeitsstufe, "medium": Medium, "aussonderungsart": Aussonderungsart}
    if field in codes:
        return parse_code(codes[field], text)  # type: ignore[type-var]
    if field == "aufbewahrungsdauer":
        if not text.isdigit():
            raise Refusal("value-invalid", "aufbewahrungsdauer: whole years expected")
        return int(text)
    if field == "eingangsdatum":
        try:
            return datetime.combine(date.fromisoformat(text[:10]), time(0), _ZONE)
        except ValueError:
            raise Refusal("value-invalid", "eingangsdatum: a date (YYYY-MM-DD) expected") from None
    return text


def _note(item: LogEntry, object_id: UUID, clerk: Bearbeiter, key: IdempotencyKey) -> LogNote:
    when = item.datum.isoformat() if item.datum else "ohne Datum"
    if item.uhrzeit:
        when += " " + item.uhrzeit.isoformat(timespec="minutes")
    text = f"Protokolleintrag vom {when}\nObjekt: {object_id}\nErstellerkennung: {clerk.kennung}\n\n{item.notiz}\n"
    return LogNote(object_id, f"Protokolleintrag {when}", text, clerk, key)
