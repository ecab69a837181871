"""Read a record's tree from the DMS as the Aussonderung sees it, and compare it with what was offered.

``TreeReader.read(top, rc)`` walks an Akte (or a Vorgang filed alone) folder by folder: each object
with its level (from the class's types; any other folder inside counts as a Vorgang, any document
as a Dokument), our UUID (the object's ``objektUuid``; an object the adapter did not file gets one
derived from its path), its canonical fields, for a document every checked-in version (oldest
first), its fingerprint and whether it carries the legal hold. Requests: one ``children`` per
folder and one ``versions`` per document.

``compare`` tells, for a top-level record, what changed since the ledger took its snapshot: objects
added, gone (other than those we deleted), or with another fingerprint.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from adapter.domain.aussonderung import State
from adapter.mapping import MappingSet, RecordClass, VendorProfile
from adapter.ports.aussonderung import LedgerObject
from adapter.ports.dms import Dms, DmsItem
from adapter.services.aussonderung.metadata import canonical, fingerprint

__all__ = ["Difference", "TreeItem", "TreeReader", "compare"]

_DERIVED = uuidlib.UUID("a3f1c1f0-5b7e-4c52-9a0d-2b8e4e6f1d77")  # uuid5 namespace of objects without our UUID


@dataclass(frozen=True)
class TreeItem:
    """One object below (or at) a top-level record, as the DMS holds it now."""

    uuid: UUID
    parent: UUID | None
    top: UUID
    level: str
    path: str
    item: DmsItem  # for a document: its newest version
    fields: Mapping[str, object]
    versions: tuple[DmsItem, ...]
    fingerprint: str
    held: bool

    @property
    def size(self) -> int:
        return sum(v.content_length or 0 for v in self.versions)


@dataclass(frozen=True)
class Difference:
    added: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.gone or self.changed)


class TreeReader:
    def __init__(self, dms: Dms, mappings: MappingSet, profile: VendorProfile) -> None:
        self.dms, self.mappings, self.profile = dms, mappings, profile
        self._uuid = profile.properties[profile.identity.uuid_property].id

    def levels(self, rc: RecordClass) -> dict[str, str]:
        """DMS type id -> level for the class's Akte, Teilakte, Vorgang and Dokument types."""
        return {self.profile.types[key].id: level for level, key in rc.types.items() if level != "container"}

    def uuid_of(self, item: DmsItem, path: str) -> UUID:
        raw = item.properties.get(self._uuid)
        if raw:
            try:
                return UUID(str(raw))
            except ValueError:
                pass
        return uuidlib.uuid5(_DERIVED, f"dms-path:{path}")

    def read(self, top: DmsItem, rc: RecordClass, level: str) -> list[TreeItem]:
        """``top`` and everything inside it, parents before their children."""
        levels = self.levels(rc)
        path = top.path or ""
        top_id = self.uuid_of(top, path)
        out = [self._item(top, rc, level, top_id, None, top_id, path)]
        todo = [(path, top_id)]
        while todo:
            folder, parent = todo.pop(0)
            for child in self.dms.children(folder):
                child_path = child.path or f"{folder.rstrip('/')}/{child.name}"
                child_id = self.uuid_of(child, child_path)
                if child.is_folder:
                    found = levels.get(child.type_id, "vorgang")
                    out.append(self._item(child, rc, "vorgang" if found == "dokument" else found, child_id, parent,
                                          top_id, child_path))
                    todo.append((child_path, child_id))
                else:
                    out.append(self._item(child, rc, "dokument", child_id, parent, top_id, child_path))
        return out

    def _item(self, item: DmsItem, rc: RecordClass, level: str, uuid: UUID, parent: UUID | None, top: UUID,
              path: str) -> TreeItem:
        versions: tuple[DmsItem, ...] = ()
        if level == "dokument":
            series = [v for v in self.dms.versions(item.ref) if not v.is_private_working_copy]
            versions = tuple(reversed(series)) or (item,)
            item = versions[-1]
        fields = canonical(item, rc, self.profile, level)
        return TreeItem(uuid, parent, top, level, path, item, fields, versions, fingerprint(item, fields, versions),
                        fields.get("loeschsperre") is True)


def compare(offered: Sequence[LedgerObject], now: Sequence[TreeItem],
            may_be_gone: Collection[State] = ()) -> Difference:
    """What differs between the ledger's snapshot of one top-level record and its tree ``now`` (objects in a
    state of ``may_be_gone`` may be missing: a deletion pass interrupted after the DMS deleted them)."""
    expected = {o.uuid: o for o in offered if o.state is not State.DELETED}
    current = {t.uuid: t for t in now}
    added = [t.path for u, t in current.items() if u not in expected]
    gone = [o.path for u, o in expected.items() if u not in current and o.state not in may_be_gone]
    changed = [current[u].path for u, o in expected.items() if u in current and current[u].fingerprint != o.fingerprint]
    return Difference(tuple(added), tuple(gone), tuple(changed))
