"""Lifecycle changes in DMS terms: only the changed canonical fields, through the class's mapping.

A lifecycle change re-maps the record (``map_record``) built from its registry entry plus the
change, then keeps just the properties whose mapping names a changed field (and ``bearbeiter``,
the clerk of this change). Transforms, code lists, the class's minimum Vertraulichkeit and its
retention defaults apply as on create; no property id is written by hand. A changed field the
class keeps no property for is refused: the change would silently vanish.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from posixpath import basename
from uuid import UUID

from adapter.domain.errors import InvalidInput, NotSupported
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.records import Akte, Dokument, PrimaryFile, Teilakte, Version, Vorgang
from adapter.mapping import RecordClass, VendorProfile, map_record
from adapter.mapping.fields import FIELDS
from adapter.ports.dms import DmsItem, PropertyValue
from adapter.ports.registry import RegistryEntry
from adapter.services.records.placement import placement_of

__all__ = ["Change", "LifecycleMapping", "canonical_fields"]

_METADATEN = frozenset({"betreff", "kennzeichen", "vertraulichkeit", "medium", "laufzeit", "federfuehrung",
                        "aussonderungsart", "aufbewahrungsdauer"})


def canonical_fields(names: set[str] | frozenset[str]) -> frozenset[str]:
    """Command field names as mapping fields (``laufzeit`` is ``laufzeit.beginn`` and ``laufzeit.ende``)."""
    out = set(names) - {"laufzeit"}
    if "laufzeit" in names:
        out |= {"laufzeit.beginn", "laufzeit.ende"}
    return frozenset(out)


@dataclass(frozen=True)
class Change:
    """What a lifecycle operation sets: field values (command names) and the three flags."""

    values: Mapping[str, object]
    fields: frozenset[str]  # mapping fields to send
    zda: bool = False
    loeschmarkierung: bool = False
    loeschsperre: bool = False


class LifecycleMapping:
    def __init__(self, profile: VendorProfile) -> None:
        self.profile = profile

    def property_id(self, rc: RecordClass, level: str, field: str) -> str | None:
        """The DMS property id the class maps ``field`` to at ``level``, if any."""
        for m in rc.properties.get(level, ()):  # type: ignore[call-overload]
            if m.field == field and self.profile.stores(m.property):
                return self.profile.properties[m.property].id
        return None

    def value(self, item: DmsItem, rc: RecordClass, level: str, field: str) -> PropertyValue:
        pid = self.property_id(rc, level, field)
        return item.properties.get(pid) if pid else None

    def day(self, item: DmsItem, rc: RecordClass, level: str, field: str) -> date | None:
        """A date field as the DMS holds it (a datetime at midnight in the class's zone)."""
        raw = self.value(item, rc, level, field)
        if isinstance(raw, datetime):
            return raw.astimezone(rc.zone).date()
        return None

    def require(self, rc: RecordClass, level: str, field: str) -> str:
        pid = self.property_id(rc, level, field)
        if pid is None:
            raise NotSupported(f"class {rc.key!r} keeps no DMS property for {field} at the {level} level",
                               detail={"field": field, "level": level})
        return pid

    def properties(self, entry: RegistryEntry, chain: list[RegistryEntry], rc: RecordClass, change: Change,
                   clerk: Bearbeiter) -> dict[str, PropertyValue]:
        """The properties to update for ``change`` of the record ``entry`` (``chain``: its containers)."""
        for name in change.fields:
            known = FIELDS.get(name)
            if known is None or entry.level not in known.levels:
                raise InvalidInput(f"{name} is not a field of a {entry.level}", detail={"field": name})
            self.require(rc, entry.level, name)
        record = _record(entry, rc, change)
        spec = map_record(record, placement_of(chain, rc), record_class=rc, profile=self.profile,
                          bearbeiter=clerk)
        out: dict[str, PropertyValue] = {}
        for m in rc.properties.get(entry.level, ()):  # type: ignore[call-overload]
            if (m.field in change.fields or m.field == "bearbeiter") and self.profile.stores(m.property):
                pid = self.profile.properties[m.property].id
                out[pid] = spec.properties.get(pid)  # None: the value was cleared
        return out


def _record(entry: RegistryEntry, rc: RecordClass, change: Change) -> Akte | Teilakte | Vorgang | Dokument:
    values = change.values
    meta = Metadaten(betreff=entry.betreff).with_changes({k: v for k, v in values.items() if k in _METADATEN})
    mark, hold = change.loeschmarkierung, change.loeschsperre
    uuid: UUID = entry.uuid
    if entry.level == "akte":
        return Akte(id=uuid, aktenzeichen=rc.aktenzeichen_format.parse(entry.aktenzeichen or ""),
                    aktenplaneinheit=rc.aktenplaneinheit, metadaten=meta, zda=change.zda, loeschmarkierung=mark,
                    loeschsperre=hold)
    if entry.level == "teilakte":
        return Teilakte(id=uuid, titel=entry.betreff, metadaten=meta, zda=change.zda, loeschmarkierung=mark,
                        loeschsperre=hold)
    if entry.level == "vorgang":
        return Vorgang(id=uuid, metadaten=meta, parent_id=entry.parent, zda=change.zda, loeschmarkierung=mark,
                       loeschsperre=hold)
    eingang = values.get("eingangsdatum")
    dokumentart = values.get("dokumentart")
    if eingang is not None and not isinstance(eingang, datetime):
        raise InvalidInput("eingangsdatum: expected a datetime", detail={"field": "eingangsdatum"})
    if dokumentart is not None and not isinstance(dokumentart, str):
        raise InvalidInput("dokumentart: expected a text", detail={"field": "dokumentart"})
    # the document's name and path are not changed: a stand-in file and arrival time let them render
    datei = PrimaryFile(basename(entry.path) or "dokument", "application/octet-stream", 0, "0" * 64)
    return Dokument(id=uuid, metadaten=meta, versionen=(Version(1, (datei,)),), dokumentart=dokumentart,
                    eingangsdatum=eingang or datetime.now(UTC), loeschmarkierung=mark, loeschsperre=hold)
