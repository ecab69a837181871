"""The canonical field values of a record in its placement (see ``fields.FIELDS``)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from adapter.domain.codes import Vertraulichkeitsstufe
from adapter.domain.errors import InvalidInput
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.records import Akte, Dokument, Teilakte, Vorgang
from adapter.mapping.model import RecordClass

__all__ = ["Placement", "Record", "field_values"]

Record = Akte | Teilakte | Vorgang | Dokument


@dataclass(frozen=True)
class Placement:
    """The containers a record lies in (those that exist): Akte, Teilakte, Vorgang."""

    akte: Akte | None = None
    teilakte: Teilakte | None = None
    vorgang: Vorgang | None = None


def field_values(
    record: Record, placement: Placement, rc: RecordClass, bearbeiter: Bearbeiter
) -> dict[str, object]:
    """Every canonical field with a value for ``record``; absent values are None."""
    akte = record if isinstance(record, Akte) else placement.akte
    teilakte = record if isinstance(record, Teilakte) else placement.teilakte
    vorgang = record if isinstance(record, Vorgang) else placement.vorgang
    if isinstance(record, Akte) and record.aktenplaneinheit.kennzeichen != rc.aktenplaneinheit.kennzeichen:
        raise InvalidInput(
            f"Akte of Aktenplan {record.aktenplaneinheit.kennzeichen!r} does not belong to class {rc.key!r}",
            detail={"record_class": rc.key},
        )
    if (
        teilakte is not None
        and rc.teilakten is not None
        and teilakte.titel.casefold() not in {t.casefold() for t in rc.teilakten}
    ):
        raise InvalidInput(
            f"class {rc.key!r} has no Teilakte {teilakte.titel!r}", detail={"record_class": rc.key}
        )
    meta = _effective(record.metadaten, rc, folder=not isinstance(record, Dokument))
    laufzeit = meta.laufzeit
    einheit = akte.aktenplaneinheit if akte else rc.aktenplaneinheit
    values: dict[str, object] = {
        "uuid": str(record.id),
        "betreff": meta.betreff,
        "kennzeichen": meta.kennzeichen,
        "vertraulichkeit": meta.vertraulichkeit,
        "medium": meta.medium,
        "laufzeit.beginn": laufzeit.beginn if laufzeit else None,
        "laufzeit.ende": laufzeit.ende if laufzeit else None,
        "federfuehrung": meta.federfuehrung,
        "aussonderungsart": meta.aussonderungsart,
        "aufbewahrungsdauer": meta.aufbewahrungsdauer,
        "bearbeiter": bearbeiter.kennung,
        "zda": getattr(record, "zda", None),
        "loeschmarkierung": record.loeschmarkierung,
        "loeschsperre": record.loeschsperre or None,  # set only while a hold is: a new record carries none
        "aktenplan": einheit.kennzeichen,
        "aktenplan.titel": einheit.titel,
        "aktenzeichen": akte.aktenzeichen.text if akte else None,
        "akte.betreff": akte.metadaten.betreff if akte else None,
        "akte.jahr": akte.aktenzeichen.jahr if akte else None,
        "teilakte": teilakte.titel if teilakte else None,
        "vorgang": vorgang.metadaten.betreff if vorgang else None,
    }
    if isinstance(record, Dokument):
        first = record.aktuelle_version.dateien[0].name
        values |= {
            "dokumentart": record.dokumentart,
            "eingangsdatum": record.eingangsdatum,
            "dateiname": first,
            "dateiendung": posixpath.splitext(first)[1],
        }
    return values


def _effective(meta: Metadaten, rc: RecordClass, *, folder: bool) -> Metadaten:
    """Metadata with the class's minimum Vertraulichkeit and (for folders) its retention defaults."""
    stufe = meta.vertraulichkeit
    minimum = rc.vertraulichkeit_mindestens
    if minimum is not None:
        stufe = (stufe or Vertraulichkeitsstufe.OFFEN).at_least(minimum)
    changes: dict[str, object] = {"vertraulichkeit": stufe}
    if folder and rc.retention is not None:
        if meta.aufbewahrungsdauer is None:
            changes["aufbewahrungsdauer"] = rc.retention.aufbewahrungsdauer
        if meta.aussonderungsart is None:
            changes["aussonderungsart"] = rc.retention.aussonderungsart
    return meta.with_changes(changes)
