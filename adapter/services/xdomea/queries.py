"""FVDaten questions answered in the 0630: 0608 SGOSuchen, 0611 MetadatenAnsehen, 0616 SGOLoeschstatusAbfragen.

The 0630's ``Rueckgabeparameter`` can carry the answers, so no second channel is needed:

* 0608: ``Suchbegriffe`` is ``Name=Wert`` (a Metadatum name as in 0609/0610 or a canonical field;
  ``Aktenzeichen=...`` finds an Akte directly), searched for equality through ``SearchService`` in
  the sender's record class at every level that can be searched by that field; one parameter per hit
  (``IDSGO`` = our id, ``Ablageort`` = its Aktenzeichen and Betreff chain, never a DMS path; 2.x: a
  name/value pair "Ablageort").
  Full-text search (``Metadaten`` = 0) and terms of another form are refused with 0608001.
* 0611: per element and wanted ``Metadatum`` one name/value parameter with the value read from the
  DMS (code lists back to the xdomea codes, dates as ISO dates, one parameter per value of a
  multi-valued field). Unknown id 0611001, unknown name 0611002, a field the class keeps no
  property for 0611003.
* 0616: per element ``ZumLoeschenMarkiert`` 1/0 read from the DMS; unknown id 0616001, a class
  without a deletion mark 0616002.

Reads of confidential classes are audited (``Action.READ``). Redelivery is the import service's
journal: a finished query returns the same receipts (the answer of its first run).
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import structlog

from adapter.domain.errors import InputError, InvalidInput, NotFound
from adapter.mapping import RecordClass
from adapter.ports.audit import Action
from adapter.ports.dms import DmsRef, PropertyValue
from adapter.ports.registry import RegistryEntry
from adapter.services.records.auditing import audited
from adapter.services.records.search import SearchService
from adapter.services.records.service import RecordService
from adapter.services.xdomea.filing import EntryResult, FiledObject
from adapter.services.xdomea.handlers import Handled, Progress, clerk
from adapter.services.xdomea.receipts import Acted, Answers
from adapter.xoev.xdomea.container import Container
from adapter.xoev.xdomea.queries import QUERY_HOLDERS, QueryItem, Search, read_query
from adapter.xoev.xdomea.to_commands import METADATA_NAMES
from adapter.xoev.xdomea.to_records import ImportRules

__all__ = ["QUERY_TYPES", "QueryAnswers"]

log = structlog.get_logger(__name__)
QUERY_TYPES = frozenset(QUERY_HOLDERS)
_GENERAL = "AllgemeinerRueckgabeparameter"
_LIMIT = 100


class QueryAnswers:
    """The handler of the ``QUERY_TYPES``: reads only, answers in the 0630."""

    def __init__(self, records: RecordService, rules: ImportRules, answers: Answers,
                 search: SearchService | None = None) -> None:
        self.records, self.rules, self.answers = records, rules, answers
        self.search = search or SearchService(records.dms, records.mappings, records.profile, records.registry)

    def __call__(self, container: Container, progress: Progress | None) -> Handled:
        message = container.message
        head = message.report.head
        if head is None:
            raise InvalidInput("message head is unreadable")
        kind = head.message_type or ""
        query = read_query(message.tree.getroot(), head)
        who = clerk(query.erstellerkennung).kennung
        if kind == "0608":
            acted = self._search(query.search, head.sender)
        else:
            acted = [a for item in query.items for a in (self._metadata if kind == "0611" else self._mark)(item, who)]
        results = tuple(EntryResult(a.number, a.our_id or "", (FiledObject("", a.our_id, kind),) if a.our_id else (),
                                    a.code, a.value) for a in acted)
        if progress:
            progress(len(acted), len(acted))
        log.info("xdomea.query_answered", message_type=kind, answers=len(acted),
                 failed=sum(1 for a in acted if a.code))
        return Handled(self.answers.acted(message, query.wants_receipt, acted), results)

    def _search(self, search: Search | None, sender: str | None) -> list[Acted]:
        if search is None or not search.metadaten or "=" not in search.begriffe:
            return [Acted(1, None, "Fehler", "nur Metadatensuche der Form Name=Wert wird unterstuetzt", "0608001")]
        name, _, value = (part.strip() for part in search.begriffe.partition("="))
        record_class = self.rules.class_for(sender)
        if name.casefold() == "aktenzeichen":
            try:
                akte = self.records.akte(value)
            except NotFound:
                return []
            return [self._place(1, akte)] if akte.record_class == record_class else []
        field = METADATA_NAMES.get(name.casefold(), name)
        rc = self.records.mappings.record_class(record_class)
        levels = [lvl for lvl in ("akte", "teilakte", "vorgang", "dokument")
                  if lvl in rc.types and field in self.search.fields(record_class, lvl)]
        if not levels:
            return [Acted(1, None, "Fehler", f"nach {name} kann nicht gesucht werden", "0608001")]
        out: list[Acted] = []
        for level in levels:
            for hit in self.search.search(record_class, level, field, value, limit=_LIMIT - len(out)):
                out.append(self._place(len(out) + 1, self.records.entry(hit.id)))
            if len(out) >= _LIMIT:
                break
        return out

    def _metadata(self, item: QueryItem, who: str) -> list[Acted]:
        try:
            entry, rc, az = self._record(item.id_sgo)
            with audited(self.records.audit, rc, Action.READ, entry.uuid, who, az):
                props = self.records.dms.get(DmsRef(entry.ref)).properties
        except InputError as exc:
            return [Acted(item.number, None, "Fehler", exc.message[:500], "0611001")]
        out = []
        for name in item.names:
            field = METADATA_NAMES.get(name.strip().casefold())
            mapping = next((m for m in rc.properties.get(entry.level, ())  # type: ignore[call-overload]
                            if m.field == field and self.records.profile.stores(m.property)), None) if field else None
            if field is None:
                out.append(Acted(item.number, str(entry.uuid), name, "unbekanntes Metadatum", "0611002"))
            elif mapping is None or mapping.transform not in ("identity", "codelist", "datetime", "date", "join"):
                out.append(Acted(item.number, str(entry.uuid), name, "wird hier nicht gefuehrt", "0611003"))
            else:
                raw = props.get(self.records.profile.properties[mapping.property].id)
                back = {v: k for k, v in (mapping.values or {}).items()}
                out.extend(Acted(item.number, str(entry.uuid), name, back.get(text, text))
                           for text in _texts(raw, rc))
        return out

    def _mark(self, item: QueryItem, who: str) -> list[Acted]:
        try:
            entry, rc, az = self._record(item.id_sgo)
            pid = next((self.records.profile.properties[m.property].id
                        for m in rc.properties.get(entry.level, ())  # type: ignore[call-overload]
                        if m.field == "loeschmarkierung" and self.records.profile.stores(m.property)), None)
            if pid is None:
                return [Acted(item.number, str(entry.uuid), "Fehler", "keine Loeschmarkierung", "0616002")]
            with audited(self.records.audit, rc, Action.READ, entry.uuid, who, az):
                marked = self.records.dms.get(DmsRef(entry.ref)).properties.get(pid) is True
        except InputError as exc:
            return [Acted(item.number, None, "Fehler", exc.message[:500], "0616001")]
        return [Acted(item.number, str(entry.uuid), "ZumLoeschenMarkiert", "1" if marked else "0",
                      parameter="ZumLoeschenMarkiert")]

    def _place(self, number: int, entry: RegistryEntry) -> Acted:
        return Acted(number, str(entry.uuid), "Ablageort", _where(self.records.chain(entry)), parameter="Ablageort")

    def _record(self, text: str) -> tuple[RegistryEntry, RecordClass, str | None]:  # entry, class, Aktenzeichen
        try:
            uuid = UUID(text)
        except ValueError:
            raise NotFound("keine UUID") from None
        entry = self.records.entry(uuid)
        chain = self.records.chain(entry)
        return entry, self.records.mappings.record_class(entry.record_class), chain[0].aktenzeichen


def _where(chain: list[RegistryEntry]) -> str:
    """The Ablageort a Fachverfahren sees: the Akte's Aktenzeichen, then each Betreff down to the object.

    Never the DMS's folder path: that is the mapping's and the vendor's business, and it changes
    when they do, while this reads the same in any DMS behind us."""
    top = chain[0]
    return " / ".join([top.aktenzeichen or top.betreff, *(e.betreff for e in chain[1:])])


def _texts(raw: PropertyValue | None, rc: RecordClass) -> list[str]:
    if raw is None:
        return [""]
    if isinstance(raw, tuple | list):  # a multi-value (the port gives lists): one answer per value
        return [str(v) for v in raw] or [""]
    if isinstance(raw, bool):
        return ["1" if raw else "0"]
    if isinstance(raw, datetime):
        return [raw.astimezone(rc.zone).date().isoformat()]
    if isinstance(raw, date):
        return [raw.isoformat()]
    return [str(raw)]
