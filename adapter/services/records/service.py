"""Record use cases over the DMS port: Akten, containers, documents, assignment.

Paths come from the mapping the first time and from the registry afterwards; the registry is a
cache, so every lookup falls back to the DMS (by path, or by the UUID/Aktenzeichen properties).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

import structlog

from adapter.domain.commands import AssignPosteingang, CreateAkte, FileDocument
from adapter.domain.errors import InvalidInput, NotFound
from adapter.domain.idempotency import key_of, object_id_for
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.records import Akte, Dokument, PrimaryFile, Teilakte, Version, Vorgang
from adapter.mapping import MappingSet, Placement, VendorProfile, map_record
from adapter.mapping.model import RecordClass
from adapter.ports.aktenzeichen import AktenzeichenCounter
from adapter.ports.audit import Action, Audit
from adapter.ports.clock import Clock, SystemClock
from adapter.ports.dms import ContentSource, Dms, DmsItem, DmsRef
from adapter.ports.registry import Registry, RegistryEntry
from adapter.services.records.aktenzeichen import allocate_aktenzeichen
from adapter.services.records.auditing import audited
from adapter.services.records.placement import placement_of
from adapter.services.records.writer import DmsWriter
from adapter.services.records.zda import refuse_closed

__all__ = ["Filed", "RecordService"]

log = structlog.get_logger(__name__)

#: container chains whose placements a service keeps (beyond that it starts over)
PLACEMENTS_KEPT = 1024


@dataclass(frozen=True)
class Filed:
    """What a caller learns about a filed document: our ids, never the DMS's."""

    dokument: UUID
    name: str
    size: int
    sha256: str
    record_class: str
    container: UUID | None
    created: bool


class RecordService:
    def __init__(self, dms: Dms, mappings: MappingSet, profile: VendorProfile, registry: Registry,
                 counter: AktenzeichenCounter, audit: Audit | None = None, *, clock: Clock | None = None) -> None:
        self.dms = dms
        self.clock = clock or SystemClock()  # the year of a new Aktenzeichen
        self.audit = audit
        self.mappings = mappings
        self.profile = profile
        self.registry = registry
        self.counter = counter
        self.writer = DmsWriter(dms, profile)
        ident = profile.identity
        self._uuid_prop = profile.properties[ident.uuid_property].id
        self._key_prop = profile.properties[ident.idempotency_property].id
        self._placements: dict[tuple[object, ...], Placement] = {}

    # --- lookups -----------------------------------------------------------------------------

    def chain(self, entry: RegistryEntry) -> list[RegistryEntry]:
        """``entry`` and its containers, from the Akte down."""
        out = [entry]
        while out[0].parent is not None:
            out.insert(0, self.entry(out[0].parent))
        return out

    def entry(self, uuid: UUID) -> RegistryEntry:
        found = self.registry.get(uuid)
        if found is not None:
            return found
        raise NotFound(f"no record with id {uuid}", detail={"id": str(uuid)})

    def known_akte(self, aktenzeichen: str) -> RegistryEntry | None:
        """The Akte of ``aktenzeichen`` if the registry knows it (a local read; ``akte`` also asks the DMS)."""
        return self.registry.by_aktenzeichen(aktenzeichen)

    def akte(self, aktenzeichen: str) -> RegistryEntry:
        """The Akte of ``aktenzeichen``: from the registry, else found in the DMS by its property."""
        found = self.known_akte(aktenzeichen)
        if found is not None:
            return found
        for rc in self.mappings.classes.values():
            if "akte" not in rc.types or "aktenzeichen" not in self.profile.properties:
                continue
            try:
                az = rc.aktenzeichen_format.parse(aktenzeichen)
            except InvalidInput:
                continue
            if az.aktenplan != rc.aktenplaneinheit.kennzeichen:
                continue
            type_id = self.profile.types[rc.types["akte"]].queried_as
            for item in self.dms.find(type_id, self.profile.properties["aktenzeichen"].id, aktenzeichen):
                return self._adopt_akte(rc.key, item, aktenzeichen)
        raise NotFound(f"no Akte with Aktenzeichen {aktenzeichen!r}", detail={"aktenzeichen": aktenzeichen})

    def _adopt_akte(self, record_class: str, item: DmsItem, aktenzeichen: str) -> RegistryEntry:
        """Register an Akte found in the DMS (the registry had lost it)."""
        uuid = UUID(str(item.properties.get(self._uuid_prop)))
        betreff_prop = self.profile.properties["betreff"].id if "betreff" in self.profile.properties else ""
        entry = RegistryEntry(uuid, "akte", record_class, item.path or "", item.ref.id,
                              str(item.properties.get(betreff_prop) or ""), aktenzeichen)
        self.registry.put(entry)
        return entry

    def _find_by_uuid(self, uuid: UUID, type_key: str) -> DmsItem | None:
        ident = self.profile.identity
        type_name = self.profile.types[ident.secondary_type or type_key].queried_as
        found = self.dms.find(type_name, self._uuid_prop, str(uuid))
        return found[0] if found else None

    # --- containers --------------------------------------------------------------------------

    def create_akte(self, cmd: CreateAkte) -> RegistryEntry:
        rc = self.mappings.record_class(cmd.record_class)
        key = key_of(cmd)
        akte_id = cmd.akte_id or key.object_id("akte")
        known = self.registry.get(akte_id)
        if known is not None:
            return known
        with audited(self.audit, rc, Action.CREATE, akte_id, cmd.bearbeiter.kennung) as note:
            jahr = self.clock.now().astimezone(rc.zone).year
            key_az = rc.aktenplaneinheit.kennzeichen
            reserved = self.registry.reserved(akte_id)
            if reserved is None and self.counter.last_number(key_az, jahr) is None:
                # a counter that never issued a number: a new or lost registry. Only then is a
                # redelivered Akte looked up in the DMS by its UUID (one query per key and year)
                existing = self._find_by_uuid(akte_id, rc.types["akte"])
                if existing is not None:
                    note.aktenzeichen = str(existing.properties.get(self.profile.properties["aktenzeichen"].id))
                    return self._adopt_akte(rc.key, existing, note.aktenzeichen)
            if reserved is not None:
                az = rc.aktenzeichen_format.parse(reserved)
            elif cmd.aktenzeichen is not None:
                az = cmd.aktenzeichen
                self.counter.observe(az.aktenplan, az.jahr, az.nummer)
            else:
                fresh = allocate_aktenzeichen(rc.aktenzeichen_format, self.counter, key_az, jahr)
                # bound to this Akte before the DMS call: a retry after a crash reuses number and path
                az = rc.aktenzeichen_format.parse(self.registry.reserve_aktenzeichen(akte_id, fresh.text))
            note.aktenzeichen = az.text
            akte = Akte(id=akte_id, aktenzeichen=az, aktenplaneinheit=cmd.aktenplaneinheit, metadaten=cmd.metadaten)
            spec = map_record(akte, placement_of([], rc), record_class=rc, profile=self.profile,
                              bearbeiter=cmd.bearbeiter, idempotency_key=key.text)
            parent = "/" + "/".join(f.name for f in spec.parents)
            item = self.writer.folder(spec, parent, (self._uuid_prop, str(akte_id)))
            entry = RegistryEntry(akte_id, "akte", rc.key, _path(parent, item), item.ref.id, cmd.metadaten.betreff,
                                  az.text)
            self.registry.put(entry)
            log.info("records.akte_created", record_class=rc.key, akte=str(akte_id), created=item.created)
            return entry

    def container(self, parent: RegistryEntry, level: str, titel: str, bearbeiter: Bearbeiter,
                  metadaten: Metadaten | None = None) -> RegistryEntry:
        """The Teilakte or Vorgang ``titel`` inside ``parent``: found by path, else created (with ``metadaten``
        when given, e.g. an xdomea Vorgang's Vertraulichkeitsstufe; its Betreff is ``titel``)."""
        rc = self.mappings.record_class(parent.record_class)
        uuid = object_id_for(f"{parent.uuid}/{level}/{titel.casefold()}", level)
        known = self.registry.get(uuid)
        if known is not None:
            return known
        chain = self.chain(parent)
        with audited(self.audit, rc, Action.CREATE, uuid, bearbeiter.kennung, chain[0].aktenzeichen):
            meta = replace(metadaten, betreff=titel) if metadaten else Metadaten(betreff=titel)
            record: Teilakte | Vorgang = (Teilakte(id=uuid, titel=titel, metadaten=meta) if level == "teilakte"
                                          else Vorgang(id=uuid, metadaten=meta, parent_id=parent.uuid))
            if level not in rc.types:
                raise InvalidInput(f"record class {rc.key!r} has no {level} level", detail={"level": level})
            spec = map_record(record, placement_of(chain, rc), record_class=rc, profile=self.profile,
                              bearbeiter=bearbeiter, idempotency_key=str(uuid))
            item = self.writer.folder(spec, parent.path, (self._uuid_prop, str(uuid)))
            entry = RegistryEntry(uuid, level, rc.key, _path(parent.path, item), item.ref.id, titel, None, parent.uuid)
            self.registry.put(entry)
            return entry

    # --- documents ---------------------------------------------------------------------------

    def file_document(self, cmd: FileDocument, content: ContentSource) -> Filed:
        rc = self.mappings.record_class(cmd.record_class)
        limit = self.profile.content.max_size
        if limit is not None and content.size > limit:
            raise InvalidInput(f"the file is larger than the DMS accepts ({limit} bytes)",
                               detail={"size": content.size, "limit": limit})
        key = key_of(cmd)
        doc_id = cmd.dokument_id or key.object_id("dokument")
        with audited(self.audit, rc, Action.CREATE, doc_id, cmd.bearbeiter.kennung) as note:
            container = self.entry(cmd.target_id) if cmd.target_id else None
            chain = self.chain(container) if container else []
            note.aktenzeichen = chain[0].aktenzeichen if chain else None
            refuse_closed(self.registry, chain)  # a zdA container: registry markers only, no DMS request
            dokument = Dokument(id=doc_id, metadaten=cmd.metadaten, versionen=(Version(1, cmd.dateien),),
                                dokumentart=cmd.dokumentart, eingangsdatum=cmd.eingangsdatum)
            spec = map_record(dokument, self._placement(chain, rc), record_class=rc, profile=self.profile,
                              bearbeiter=cmd.bearbeiter, idempotency_key=key.text)
            parent = container.path if container else "/" + "/".join(f.name for f in spec.parents)
            item = self.writer.document(spec, parent, (self._key_prop, key.text), content)
            self.registry.put(RegistryEntry(doc_id, "dokument", rc.key, _path(parent, item), item.ref.id,
                                            cmd.metadaten.betreff, None, container.uuid if container else None))
            log.info("records.document_filed", record_class=rc.key, dokument=str(doc_id), created=item.created,
                     size=content.size)
            return Filed(doc_id, item.name, content.size, content.sha256, rc.key,
                         container.uuid if container else None, item.created)

    def _placement(self, chain: list[RegistryEntry], rc: RecordClass) -> Placement:
        """``placement_of(chain, rc)``, kept per chain: filings into one Vorgang share it (the Aktenzeichen
        parsed once). Entries are immutable values, so a kept placement never goes stale."""
        key = (rc.key, *chain)
        placement = self._placements.get(key)
        if placement is None:
            placement = placement_of(chain, rc)
            if len(self._placements) >= PLACEMENTS_KEPT:
                self._placements.clear()
            self._placements[key] = placement
        return placement

    def assign(self, cmd: AssignPosteingang) -> RegistryEntry:
        """Move a Posteingang document into a Vorgang and re-map its metadata to that class."""
        doc, target = self.entry(cmd.dokument_id), self.entry(cmd.vorgang_id)
        if doc.level != "dokument" or target.level not in ("vorgang", "teilakte"):
            raise InvalidInput("assign moves a document into a Vorgang or Teilakte")
        rc = self.mappings.record_class(target.record_class)
        with audited(self.audit, rc, Action.UPDATE, doc.uuid, cmd.bearbeiter.kennung,
                     self.chain(target)[0].aktenzeichen):
            target_path = target.path
            source_path = doc.path.rsplit("/", 1)[0] or "/"
            item = self.dms.get(_ref(doc))
            if source_path != target_path:
                self.dms.move(_ref(doc), source_path, target_path)
            dokument = Dokument(id=doc.uuid, metadaten=Metadaten(betreff=doc.betreff), versionen=_versions_of(item))
            spec = map_record(dokument, placement_of(self.chain(target), rc), record_class=rc, profile=self.profile,
                              bearbeiter=cmd.bearbeiter)
            properties = {k: v for k, v in spec.properties.items() if k != self._key_prop}
            self.dms.update_properties(_ref(doc), properties, spec.secondary_type_ids)
            moved = RegistryEntry(doc.uuid, "dokument", rc.key, target_path.rstrip("/") + "/" + item.name, doc.ref,
                                  doc.betreff, None, target.uuid)
            self.registry.put(moved)
            log.info("records.assigned", dokument=str(doc.uuid), target=str(target.uuid), record_class=rc.key)
            return moved


def _path(parent: str, item: DmsItem) -> str:
    return item.path or (parent.rstrip("/") + "/" + item.name)


def _ref(entry: RegistryEntry) -> DmsRef:
    return DmsRef(entry.ref)


def _versions_of(item: DmsItem) -> tuple[Version, ...]:
    """The stored version as the mapping needs it (the document's primary file as the DMS has it)."""
    sha = item.content_sha256 or "0" * 64
    return (Version(1, (PrimaryFile(item.name, item.content_mime or "application/octet-stream",
                                    item.content_length or 0, sha),)),)
