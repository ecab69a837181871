"""The record lifecycle after filing: metadata updates, new versions, deletion marks, zdA, final deletion.

Every operation is idempotent: repeating it (a lost answer, a redelivered message) changes
nothing more. Updates, marks and zdA set absolute values (setting them again is harmless); a new
version carries its idempotency key as check-in comment and is looked up before a checkout, and
a PWC left by a crash is resumed (``_versioning``); deleting what is gone is not an error.

* ``update_metadata``: the changed canonical fields re-mapped through the record's class
  (``_lifecycle_mapping``), one ``updateProperties``; the registry's Betreff follows. Names stay.
* ``add_version``: versions -> checkOut -> checkIn(major, properties + content in one request).
* ``mark_for_deletion``/``unmark_for_deletion``: the Löschmarkierung property (the reason is not
  stored in the DMS: the profiles have no property for it; the caller's journal keeps it).
* ``close_zda``/``reopen_zda``: containers only; zdA flag and Laufzeit end (``ende``, else the
  one set before, else today in the class's zone). Closing leaves a registry marker so that
  filing refuses a closed container without a DMS request (``zda``).
* ``set_hold``/``release_hold``: the legal hold (Löschsperre) property; while it is set on a record
  or on one of its containers, the record is neither deleted nor handed to the archive.
* ``delete_permanently``: only records marked for deletion and under no hold, only after the
  retention period (``retention``): the class's (or record's) Aufbewahrungsdauer after the Laufzeit
  end of the record or, for a document, of its container - or once an Aussonderung released the
  record (``released``: the archive confirmed it archived, or declined it in a final evaluation);
  removes the registry entry.

Confidential classes (Personalakte) get one audit entry per operation (``auditing.audited``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from uuid import UUID

import structlog

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
from adapter.domain.errors import Conflict, InvalidInput, NotFound
from adapter.domain.idempotency import key_of
from adapter.domain.metadata import Bearbeiter, Laufzeit
from adapter.mapping import RecordClass
from adapter.ports.audit import Action, Audit
from adapter.ports.clock import Clock, SystemClock
from adapter.ports.dms import ContentSource, Dms, DmsItem, DmsRef
from adapter.ports.registry import RegistryEntry
from adapter.services.lifecycle.mapping import Change, LifecycleMapping, canonical_fields
from adapter.services.lifecycle.retention import check_retention_over
from adapter.services.lifecycle.versioning import VersionInfo, add_version_once, version_info
from adapter.services.records.auditing import audited
from adapter.services.records.service import RecordService
from adapter.services.records.zda import ZdaMarks, refuse_closed

__all__ = ["LifecycleService", "VersionInfo"]

log = structlog.get_logger(__name__)

_FOLDERS = ("akte", "teilakte", "vorgang")


class LifecycleService:
    def __init__(self, records: RecordService, dms: Dms, audit: Audit | None = None, *,
                 clock: Clock | None = None, dms_user: str | None = None,
                 released: Callable[[UUID], str | None] | None = None) -> None:
        self.records, self.dms = records, dms
        #: the Aussonderung in which a record was archived or finally evaluated "destroy" (its retention's end)
        self.released = released
        self.audit = audit if audit is not None else records.audit
        self.clock = clock or SystemClock()
        self.dms_user = dms_user  # when set, a PWC checked out by another DMS user is never resumed
        self.mapping = LifecycleMapping(records.profile)
        self.marks = ZdaMarks(records.registry)

    def _record(self, uuid: UUID) -> tuple[RegistryEntry, RecordClass, list[RegistryEntry]]:
        entry = self.records.entry(uuid)
        if entry.level not in (*_FOLDERS, "dokument"):
            raise NotFound(f"no record with id {uuid}", detail={"id": str(uuid)})
        return entry, self.records.mappings.record_class(entry.record_class), self.records.chain(entry)

    def _today(self, rc: RecordClass) -> date:
        return self.clock.now().astimezone(rc.zone).date()

    def _set(self, uuid: UUID, clerk: Bearbeiter, change: Change, action: Action = Action.UPDATE,
             folders_only: bool = False) -> RegistryEntry:
        entry, rc, chain = self._record(uuid)
        with audited(self.audit, rc, action, entry.uuid, clerk.kennung, chain[0].aktenzeichen):
            if folders_only and entry.level not in _FOLDERS:
                raise InvalidInput("zdA applies to an Akte, Teilakte or Vorgang", detail={"level": entry.level})
            props = self.mapping.properties(entry, chain[:-1], rc, change, clerk)
            self.dms.update_properties(DmsRef(entry.ref), props)
            return entry

    def update_metadata(self, cmd: UpdateMetadata) -> RegistryEntry:
        entry, _rc, _chain = self._record(cmd.object_id)
        betreff = cmd.changes.get("betreff")
        if betreff is not None and entry.level == "teilakte" and betreff != entry.betreff:
            raise InvalidInput("a Teilakte's Betreff is its title and cannot change", detail={"field": "betreff"})
        self._set(cmd.object_id, cmd.bearbeiter, Change(cmd.changes, canonical_fields(set(cmd.changes))))
        if isinstance(betreff, str) and betreff != entry.betreff:
            entry = replace(entry, betreff=betreff)
            self.records.registry.put(entry)
        log.info("lifecycle.updated", level=entry.level, fields=sorted(cmd.changes))
        return entry

    def mark_for_deletion(self, cmd: MarkForDeletion) -> RegistryEntry:
        entry = self._set(cmd.object_id, cmd.bearbeiter, Change({}, frozenset({"loeschmarkierung"}),
                                                                 loeschmarkierung=True))
        log.info("lifecycle.marked", level=entry.level)
        return entry

    def unmark_for_deletion(self, cmd: UnmarkForDeletion) -> RegistryEntry:
        entry = self._set(cmd.object_id, cmd.bearbeiter, Change({}, frozenset({"loeschmarkierung"})))
        log.info("lifecycle.unmarked", level=entry.level)
        return entry

    def set_hold(self, cmd: SetHold) -> RegistryEntry:
        """Set the legal hold: the record (and what it contains) is neither deleted nor handed to the archive."""
        entry = self._set(cmd.object_id, cmd.bearbeiter, Change({}, frozenset({"loeschsperre"}), loeschsperre=True))
        log.info("lifecycle.held", level=entry.level)
        return entry

    def release_hold(self, cmd: ReleaseHold) -> RegistryEntry:
        entry = self._set(cmd.object_id, cmd.bearbeiter, Change({}, frozenset({"loeschsperre"})))
        log.info("lifecycle.hold_released", level=entry.level)
        return entry

    def held(self, entry: RegistryEntry, item: DmsItem, rc: RecordClass, chain: list[RegistryEntry]) -> bool:
        """Whether the record or one of its containers carries the legal hold (read from the DMS)."""
        if self.mapping.value(item, rc, entry.level, "loeschsperre") is True:
            return True
        for container in chain[:-1]:
            if self.mapping.property_id(rc, container.level, "loeschsperre") is None:
                continue
            holder = self.dms.get(DmsRef(container.ref))
            if self.mapping.value(holder, rc, container.level, "loeschsperre") is True:
                return True
        return False

    def close_zda(self, cmd: CloseZdA) -> RegistryEntry:
        entry, rc, chain = self._record(cmd.object_id)
        with audited(self.audit, rc, Action.UPDATE, entry.uuid, cmd.bearbeiter.kennung, chain[0].aktenzeichen):
            if entry.level not in _FOLDERS:
                raise InvalidInput("zdA applies to an Akte, Teilakte or Vorgang", detail={"level": entry.level})
            zda_id = self.mapping.require(rc, entry.level, "zda")
            item = self.dms.get(DmsRef(entry.ref))
            before = self.mapping.day(item, rc, entry.level, "laufzeit.ende")
            ende = cmd.ende or before or self._today(rc)
            laufzeit = Laufzeit(self.mapping.day(item, rc, entry.level, "laufzeit.beginn"), ende)
            has_end = self.mapping.property_id(rc, entry.level, "laufzeit.ende") is not None
            self.marks.close(entry)  # before the DMS: filing is refused from now on, even if we crash
            if item.properties.get(zda_id) is True and (before == ende or not has_end):
                log.info("lifecycle.zda_already", level=entry.level)
                return entry
            fields = frozenset({"zda", "laufzeit.ende"} if has_end else {"zda"})
            props = self.mapping.properties(entry, chain[:-1], rc, Change({"laufzeit": laufzeit}, fields, zda=True),
                                            cmd.bearbeiter)
            self.dms.update_properties(DmsRef(entry.ref), props)
            log.info("lifecycle.zda_closed", level=entry.level)
            return entry

    def reopen_zda(self, cmd: ReopenZdA) -> RegistryEntry:
        entry, rc, _chain = self._record(cmd.object_id)
        has_end = self.mapping.property_id(rc, entry.level, "laufzeit.ende") is not None
        fields = frozenset({"zda", "laufzeit.ende"} if has_end else {"zda"})
        entry = self._set(cmd.object_id, cmd.bearbeiter, Change({}, fields), folders_only=True)
        self.marks.reopen(entry)  # after the DMS: until then filing stays refused
        log.info("lifecycle.zda_reopened", level=entry.level)
        return entry

    def add_version(self, cmd: AddVersion, content: ContentSource) -> VersionInfo:
        entry, rc, chain = self._record(cmd.dokument_id)
        with audited(self.audit, rc, Action.UPDATE, entry.uuid, cmd.bearbeiter.kennung, chain[0].aktenzeichen):
            if entry.level != "dokument":
                raise InvalidInput("versions are added to documents", detail={"level": entry.level})
            first = cmd.dateien[0]
            if (first.sha256, first.size) != (content.sha256, content.size):
                raise InvalidInput("the content differs from the command's first file (size or SHA-256)")
            limit = self.records.profile.content.max_size
            if limit is not None and content.size > limit:
                raise InvalidInput(f"the file is larger than the DMS accepts ({limit} bytes)",
                                   detail={"size": content.size, "limit": limit})
            refuse_closed(self.records.registry, chain[:-1])
            props = self.mapping.properties(entry, chain[:-1], rc, Change({}, frozenset()), cmd.bearbeiter)
            item = add_version_once(self.dms, DmsRef(entry.ref), key_of(cmd).text, props, content,
                                    read_back=self.records.profile.content.verify_read_back, owner=self.dms_user)
            if item.is_latest_version and item.ref.id != entry.ref:
                self.records.registry.put(replace(entry, ref=item.ref.id))  # reads go to the newest version
            log.info("lifecycle.version_added", label=item.version_label, size=content.size)
            return version_info(entry.uuid, item)

    def versions(self, object_id: UUID) -> list[VersionInfo]:
        """Every checked-in version of a document, newest first (a working copy is left out)."""
        entry = self.records.entry(object_id)
        if entry.level != "dokument":
            raise InvalidInput("only documents have versions", detail={"level": entry.level})
        series = self.dms.versions(DmsRef(entry.ref))
        return [version_info(entry.uuid, v) for v in series if not v.is_private_working_copy]

    def delete_permanently(self, cmd: DeletePermanently) -> None:
        entry = self.records.registry.get(cmd.object_id)
        if entry is None:
            log.info("lifecycle.delete_gone")
            return
        _entry, rc, chain = self._record(cmd.object_id)
        with audited(self.audit, rc, Action.DELETE, entry.uuid, cmd.bearbeiter.kennung, chain[0].aktenzeichen):
            try:
                item = self.dms.get(DmsRef(entry.ref))
            except NotFound:
                item = None
            if item is not None:
                if self.mapping.value(item, rc, entry.level, "loeschmarkierung") is not True:
                    raise Conflict("only records marked for deletion can be deleted", detail={"marked": False})
                if self.held(entry, item, rc, chain):
                    raise Conflict("the record is under a legal hold (Löschsperre)", detail={"held": True})
                self._check_retention_or_release(entry, item, rc, chain)
                self.dms.delete(item.ref)
            self.marks.reopen(entry)
            self.records.registry.forget(entry.uuid)
            log.info("lifecycle.deleted", level=entry.level, found=item is not None)

    def _check_retention_or_release(self, entry: RegistryEntry, item: DmsItem, rc: RecordClass,
                                    chain: list[RegistryEntry]) -> None:
        try:
            self._check_retention(entry, item, rc, chain)
        except Conflict:
            process = self.released(entry.uuid) if self.released is not None else None
            if process is None:
                raise
            log.info("lifecycle.released_by_aussonderung", level=entry.level, process=process)

    def _check_retention(self, entry: RegistryEntry, item: DmsItem, rc: RecordClass,
                         chain: list[RegistryEntry]) -> None:
        holder, level = item, entry.level
        if level == "dokument":
            if len(chain) < 2:  # a document outside any container: only the class rule holds it
                years = rc.retention.aufbewahrungsdauer if rc.retention else None
                check_retention_over(None, years, self._today(rc))
                return
            level, holder = chain[-2].level, self.dms.get(DmsRef(chain[-2].ref))
        stored = self.mapping.value(holder, rc, level, "aufbewahrungsdauer")
        years = stored if isinstance(stored, int) else (rc.retention.aufbewahrungsdauer if rc.retention else None)
        check_retention_over(self.mapping.day(holder, rc, level, "laufzeit.ende"), years, self._today(rc))
