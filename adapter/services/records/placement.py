"""Registry entries back into the minimal canonical records the mapping needs (no I/O)."""

from __future__ import annotations

from uuid import UUID

from adapter.domain.metadata import Metadaten
from adapter.domain.records import Akte, Teilakte, Vorgang
from adapter.mapping import Placement
from adapter.mapping.model import RecordClass
from adapter.ports.registry import RegistryEntry

__all__ = ["placement_of"]


def _akte(entry: RegistryEntry, rc: RecordClass) -> Akte:
    return Akte(id=entry.uuid, aktenzeichen=rc.aktenzeichen_format.parse(entry.aktenzeichen or ""),
                aktenplaneinheit=rc.aktenplaneinheit, metadaten=Metadaten(betreff=entry.betreff))


def placement_of(chain: list[RegistryEntry], rc: RecordClass) -> Placement:
    """``chain`` = the containers from the Akte down (any of them may be missing)."""
    akte = teilakte = vorgang = None
    parent: UUID | None = None
    for entry in chain:
        if entry.level == "akte":
            akte = _akte(entry, rc)
        elif entry.level == "teilakte":
            teilakte = Teilakte(id=entry.uuid, titel=entry.betreff, metadaten=Metadaten(betreff=entry.betreff))
        elif entry.level == "vorgang":
            vorgang = Vorgang(id=entry.uuid, metadaten=Metadaten(betreff=entry.betreff), parent_id=parent)
        parent = entry.uuid
    return Placement(akte=akte, teilakte=teilakte, vorgang=vorgang)
