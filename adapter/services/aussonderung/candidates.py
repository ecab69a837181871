"""Which records are due for the Aussonderung: zdA, retention over, no legal hold.

A class's records lie below the static start of its path template (``/Umwelt/Genehmigungen`` for
``/Umwelt/Genehmigungen/{akte.jahr}/...``). ``select`` walks that folder tree in the DMS (the truth,
not the registry cache) down to the class's top level - its Akten, or, for a class without Akten,
its Vorgänge - and keeps each one that

* is closed zdA and has the end of its Laufzeit,
* whose retention (its Aufbewahrungsdauer, else the class rule's, after that end) is over by ``bis``
  (default: today); a record without any retention rule holds nothing,
* does not carry the legal hold (the hold on anything inside it is found when it is offered).

Each candidate names its Aussonderungsart (the record's, else the class rule's): A goes to the archive
without an offer (``deliver``), B and V are offered. A record already in an unfinished Aussonderung
names that process. A class whose records are documents alone has no candidates: a document is never
closed zdA, so its retention never starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from adapter.mapping import MappingSet, RecordClass, VendorProfile
from adapter.ports.aussonderung import AussonderungLedger
from adapter.ports.dms import Dms, DmsItem
from adapter.services.aussonderung.metadata import canonical
from adapter.services.aussonderung.tree import TreeReader
from adapter.services.lifecycle.retention import retention_until

__all__ = ["Candidate", "CandidateFinder"]


@dataclass(frozen=True)
class Candidate:
    uuid: UUID
    level: str
    record_class: str
    betreff: str
    aktenzeichen: str | None
    laufzeit_ende: date
    retention_until: date | None
    aussonderungsart: str | None
    path: str
    ref: str
    process: str | None = None  # the unfinished Aussonderung it is in

    def as_dict(self) -> dict[str, object]:
        return {"id": str(self.uuid), "ebene": self.level, "klasse": self.record_class, "betreff": self.betreff,
                "aktenzeichen": self.aktenzeichen, "laufzeit_ende": self.laufzeit_ende.isoformat(),
                "aufbewahrung_bis": self.retention_until.isoformat() if self.retention_until else None,
                "aussonderungsart": self.aussonderungsart, "prozess": self.process}


class CandidateFinder:
    def __init__(self, dms: Dms, mappings: MappingSet, profile: VendorProfile, ledger: AussonderungLedger,
                 tree: TreeReader) -> None:
        self.dms, self.mappings, self.profile, self.ledger, self.tree = dms, mappings, profile, ledger, tree

    def select(self, bis: date, record_class: str | None = None) -> list[Candidate]:
        classes = [self.mappings.record_class(record_class)] if record_class else list(self.mappings.classes.values())
        found: list[Candidate] = []
        for rc in classes:
            found.extend(self._of_class(rc, bis))
        return found

    def top_level(self, rc: RecordClass) -> str | None:
        """The level a class's records stand at alone: ``akte``, else ``vorgang``, else none."""
        return next((level for level in ("akte", "vorgang") if level in rc.types), None)

    def _of_class(self, rc: RecordClass, bis: date) -> list[Candidate]:
        level = self.top_level(rc)
        static = []
        for segment in rc.path:
            if segment.level is not None or segment.template.fields:
                break
            static.append(segment.template.render({}, rc.zone))
        root = "/" + "/".join(static)
        if level is None or self.dms.get_by_path(root) is None:
            return []
        wanted = self.profile.types[rc.types[level]].id
        levels = self.tree.levels(rc)
        out, todo = [], [root]
        while todo:
            folder = todo.pop(0)
            for item in self.dms.children(folder):
                path = item.path or f"{folder.rstrip('/')}/{item.name}"
                if item.is_folder and item.type_id == wanted:
                    candidate = self._check(item, rc, level, bis, path)
                    if candidate is not None:
                        out.append(candidate)
                elif item.is_folder and item.type_id not in levels:
                    todo.append(path)  # a plain folder of the path template (year, intake ...)
        return out

    def _check(self, item: DmsItem, rc: RecordClass, level: str, bis: date, path: str) -> Candidate | None:
        fields = canonical(item, rc, self.profile, level)
        ende = fields.get("laufzeit.ende")
        if fields.get("zda") is not True or not isinstance(ende, date) or fields.get("loeschsperre") is True:
            return None
        stored = fields.get("aufbewahrungsdauer")
        years = stored if isinstance(stored, int) else (rc.retention.aufbewahrungsdauer if rc.retention else None)
        until = retention_until(ende, years) if years is not None else None
        if until is not None and until > bis:
            return None
        art = fields.get("aussonderungsart") or (rc.retention.aussonderungsart if rc.retention else None)
        uuid = self.tree.uuid_of(item, path)
        return Candidate(uuid, level, rc.key, str(fields.get("betreff") or item.name),
                         str(fields["aktenzeichen"]) if fields.get("aktenzeichen") else None, ende, until,
                         str(art) if art else None, path, item.ref.id, self.ledger.active(uuid))
