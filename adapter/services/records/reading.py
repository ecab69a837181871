"""Reading records back: the E-Akte tree of an Aktenzeichen, and a document's content (streamed)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from uuid import UUID

from adapter.domain.errors import IntegrityError
from adapter.mapping import MappingSet, VendorProfile
from adapter.ports.audit import Action, Audit
from adapter.ports.dms import Dms, DmsItem, DmsRef
from adapter.ports.registry import Registry, RegistryEntry
from adapter.services.records.auditing import audited
from adapter.services.records.service import RecordService

__all__ = ["ReadingService", "TreeNode"]


@dataclass
class TreeNode:
    """One node of the E-Akte tree in our terms (no DMS ids or URLs)."""

    level: str
    name: str
    id: str | None
    betreff: str | None = None
    aktenzeichen: str | None = None
    size: int | None = None
    media_type: str | None = None
    children: list[TreeNode] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {k: v for k, v in self.__dict__.items() if v is not None and k != "children"}
        if self.children:
            out["children"] = [c.as_dict() for c in self.children]
        return out


class ReadingService:
    def __init__(self, dms: Dms, mappings: MappingSet, profile: VendorProfile, registry: Registry,
                 records: RecordService, audit: Audit | None = None) -> None:
        self.dms, self.mappings, self.profile, self.registry, self.records = dms, mappings, profile, registry, records
        self.audit = audit
        props = profile.properties
        self._uuid = props[profile.identity.uuid_property].id
        self._betreff = props["betreff"].id if "betreff" in props else None
        self._az = props["aktenzeichen"].id if "aktenzeichen" in props else None

    def tree(self, aktenzeichen: str, clerk: str = "egov-adapter") -> TreeNode:
        akte = self.records.akte(aktenzeichen)
        rc = self.mappings.record_class(akte.record_class)
        levels = {self.profile.types[key].id: level for level, key in rc.types.items() if level != "container"}
        with audited(self.audit, rc, Action.READ, akte.uuid, clerk, aktenzeichen):
            item = self.dms.get(DmsRef(akte.ref))
            return self._node(item, levels)

    def _node(self, item: DmsItem, levels: dict[str, str]) -> TreeNode:
        props = item.properties
        node = TreeNode(level=levels.get(item.type_id, "ordner" if item.is_folder else "dokument"),
                        name=item.name, id=_text(props.get(self._uuid)),
                        betreff=_text(props.get(self._betreff)) if self._betreff else None,
                        aktenzeichen=_text(props.get(self._az)) if self._az else None,
                        size=item.content_length, media_type=item.content_mime)
        if item.is_folder and item.path:
            node.children = [self._node(child, levels) for child in self.dms.children(item.path)]
        return node

    def download(self, uuid: UUID, clerk: str = "egov-adapter") -> tuple[RegistryEntry, DmsItem, Iterator[bytes]]:
        """The document's entry, its DMS view and a chunk iterator that checks the SHA-256 at the end."""
        entry = self.records.entry(uuid)
        chain = self.records.chain(entry)
        with audited(self.audit, self.mappings.record_class(entry.record_class), Action.READ, uuid, clerk,
                     chain[0].aktenzeichen):
            item = self.dms.get(DmsRef(entry.ref))
            download = self.dms.open_content(item.ref)

        def chunks() -> Iterator[bytes]:
            digest = hashlib.sha256()
            try:
                for chunk in download.chunks():
                    digest.update(chunk)
                    yield chunk
            finally:
                download.close()
            if item.content_sha256 is not None and digest.hexdigest() != item.content_sha256:
                raise IntegrityError("downloaded content differs from the DMS's recorded SHA-256",
                                     detail={"id": str(uuid)})

        return entry, item, chunks()


def _text(value: object) -> str | None:
    return None if value is None else str(value)
