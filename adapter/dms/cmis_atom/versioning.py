"""Versioning over AtomPub (CMIS 1.1 Part II §3.9.2, §3.10.4), between the reader and the connector.

checkOut is one POST of an entry naming ``cmis:objectId`` to the ``checkedout`` collection (the
answer is the PWC's entry). checkIn is one PUT of an entry to the PWC's edit link with
``checkin=true``: the properties and the new file inline (``cmisra:content``, base64 generated
while sending, as creates do), so no separate edit-media PUT. cancelCheckOut is a DELETE of the
PWC's entry. The versions are the ``version-history`` feed. checkOut and checkIn are not
idempotent: a lost answer raises ``OutcomeUnknown`` at once (``adapter.dms._once``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

from adapter.dms._once import call_once
from adapter.dms._properties import property_element
from adapter.dms.cmis_atom.bodies import StreamedEntry, object_entry, serialize
from adapter.dms.cmis_atom.names import ENTRY_TYPE
from adapter.dms.cmis_atom.parsing import parse_entry, parse_feed
from adapter.dms.cmis_atom.reading import AtomReader
from adapter.domain.errors import NotFound, NotSupported
from adapter.ports.dms import ContentSource, DmsItem, DmsRef, PropertyValue

__all__ = ["AtomVersioning"]

_ENTRY_HEADERS = {"Content-Type": ENTRY_TYPE}


class AtomVersioning(AtomReader):
    def _elements(self, props: Mapping[str, PropertyValue], type_ids: Sequence[str]) -> list[etree._Element]:
        find = self.atom.definition(type_ids)
        return [property_element(pid, value, (find(pid) or (None, False))[0]) for pid, value in props.items()]

    def _send_entry(self, method: str, url: str, operation: str, body: Any, **params: str) -> DmsItem:
        root = self.atom.xml(method, url, operation, data=body, headers=_ENTRY_HEADERS, params=params or None)
        return self._seen(parse_entry(root))

    def check_out(self, ref: DmsRef) -> DmsItem:
        url = self.atom.collection("checkedout")
        body = serialize(object_entry(None, [property_element("cmis:objectId", ref.id, "id")]))
        return call_once(self.retry, "checkOut", lambda: self._send_entry("POST", url, "checkOut", body))

    def check_in(self, ref: DmsRef, properties: Mapping[str, PropertyValue], content: ContentSource | None,
                 major: bool = True, comment: str | None = None) -> DmsItem:
        entry, pwc = self._known(ref)
        url = entry.link("edit") or entry.link("self") or ""
        current = pwc.properties.get("cmis:secondaryObjectTypeIds")
        types = [pwc.type_id, *([str(s) for s in current] if isinstance(current, list) else [])]
        params = {"checkin": "true", "major": "true" if major else "false"}
        if comment is not None:
            params["checkinComment"] = comment

        def body() -> Any:
            entry_el = object_entry(None, self._elements(properties, types))
            return StreamedEntry(entry_el, content) if content is not None else serialize(entry_el)

        try:
            return call_once(self.retry, "checkIn",
                             lambda: self._send_entry("PUT", url, "checkIn", body(), **params))
        finally:
            self._forget(ref)  # the PWC is gone (or became the new version, seen afresh)

    def cancel_check_out(self, ref: DmsRef) -> None:
        def once() -> None:
            try:
                entry, _ = self._known(ref)
                url = entry.link("edit") or entry.link("self") or ""
                self.transport.send("DELETE", url, "cancelCheckOut").close()
            except NotFound:
                pass  # gone already (perhaps by our own lost attempt)
            self._forget(ref)

        self.retry.call("cancelCheckOut", once)

    def versions(self, ref: DmsRef) -> Sequence[DmsItem]:
        url: str | None = self._known(ref)[0].link("version-history")
        if not url:
            raise NotSupported("the DMS offers no version history for the object")
        out: list[DmsItem] = []
        while url:
            entries, url = parse_feed(self.atom.read("getAllVersions", url))
            out += [self._seen(e) for e in entries]
        return out
