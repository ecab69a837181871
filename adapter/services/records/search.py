"""Search records by a canonical field (equality), within one record class and level.

The field is mapped to the class's DMS property through the mapping files (only plainly mapped
fields: no templates, code lists or constants); the DMS is asked with the profile's query name of
the level's type. Hits are our records: those carrying our UUID and known to belong to the class.
Search runs on the DMS's query service, so a record filed a moment ago may show up only after the
DMS's index caught up (lookups by id or Aktenzeichen never depend on it).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from adapter.domain.errors import InvalidInput
from adapter.mapping import MappingSet, VendorProfile
from adapter.ports.dms import Dms
from adapter.ports.registry import Registry

__all__ = ["Hit", "SearchService"]

LEVELS = ("akte", "teilakte", "vorgang", "dokument")


@dataclass(frozen=True)
class Hit:
    id: UUID
    level: str
    record_class: str
    betreff: str
    aktenzeichen: str | None


class SearchService:
    def __init__(self, dms: Dms, mappings: MappingSet, profile: VendorProfile, registry: Registry) -> None:
        self.dms, self.mappings, self.profile, self.registry = dms, mappings, profile, registry
        self._uuid = profile.properties[profile.identity.uuid_property].id

    def fields(self, record_class: str, level: str) -> list[str]:
        """The canonical fields one can search by at ``level`` of the class."""
        rc = self.mappings.record_class(record_class)
        return sorted(m.field for m in rc.properties.get(level, ())  # type: ignore[call-overload]
                      if m.field and m.transform == "identity" and self.profile.stores(m.property)
                      and not self.profile.properties[m.property].multi)

    def search(self, record_class: str, level: str, field: str, value: str, limit: int = 100) -> list[Hit]:
        rc = self.mappings.record_class(record_class)
        if level not in LEVELS or level not in rc.types:
            raise InvalidInput(f"class {rc.key!r} has no level {level!r}", detail={"level": level})
        if field not in self.fields(record_class, level):
            raise InvalidInput(f"cannot search {rc.key}/{level} by {field!r}; searchable: "
                               f"{', '.join(self.fields(record_class, level)) or 'nothing'}",
                               detail={"field": field})
        mapping = next(m for m in rc.properties.get(level, ()) if m.field == field)  # type: ignore[call-overload]
        type_name = self.profile.types[rc.types[level]].queried_as
        hits: list[Hit] = []
        for item in self.dms.find(type_name, self.profile.properties[mapping.property].id, value):
            raw = item.properties.get(self._uuid)
            entry = self.registry.get(UUID(str(raw))) if raw else None
            if entry is None or entry.record_class != rc.key or entry.level != level:
                continue
            hits.append(Hit(entry.uuid, entry.level, entry.record_class, entry.betreff, entry.aktenzeichen))
            if len(hits) >= limit:
                break
        return hits
