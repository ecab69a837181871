"""Versioning over the Web Services binding (VersioningService: checkOut, checkIn, cancelCheckOut,
getAllVersions), between the reader and the connector.

A check-in is one ``checkIn`` carrying the properties, the comment and the new content (an MTOM part).
checkOut and checkIn answer only ids; the PWC or the new version is then read with ``getObject`` (a
second, read-only request). checkOut and checkIn are not idempotent: a lost answer raises
``OutcomeUnknown`` at once (``adapter.dms._once``), and the follow-up read is retried on its own, never
the write with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from adapter.dms._once import call_once
from adapter.dms.cmis_ws.reading import OBJECT_READ, WsReader, m
from adapter.dms.cmis_ws.wire import properties_out
from adapter.dms.errors import DmsRefused
from adapter.domain.errors import NotFound
from adapter.ports.dms import ContentSource, DmsItem, DmsRef, PropertyValue

__all__ = ["WsVersioning"]


class WsVersioning(WsReader):
    def _write_id(self, operation: str, params: Callable[[], dict[str, Any]]) -> str:
        """A non-idempotent write: the id it answers (``OutcomeUnknown`` on a lost answer, never repeated).

        ``params`` is called per attempt: a content stream's placeholder is good for one request only.
        """
        answer = call_once(self.retry, operation, lambda: self.client.call(
            operation, repositoryId=self._repository(), **params()))
        new_id = answer.findtext(m("objectId"))
        if not new_id:
            raise DmsRefused(f"the DMS's answer to {operation} names no object")
        return str(new_id)

    def content_stream(self, content: ContentSource) -> dict[str, Any]:
        """A ``cmisContentStreamType`` for zeep whose stream goes out as an MTOM part."""
        return {"length": content.size, "mimeType": content.media_type, "filename": content.name,
                "stream": self.client.attach(content)}

    def check_out(self, ref: DmsRef) -> DmsItem:
        return self.get(DmsRef(self._write_id("checkOut", lambda: {"objectId": ref.id})))

    def check_in(self, ref: DmsRef, properties: Mapping[str, PropertyValue], content: ContentSource | None,
                 major: bool = True, comment: str | None = None) -> DmsItem:
        fixed: dict[str, Any] = {"objectId": ref.id, "major": major}
        if properties:
            fixed["properties"] = properties_out(properties)
        if comment is not None:
            fixed["checkinComment"] = comment

        def params() -> dict[str, Any]:
            return {**fixed, "contentStream": self.content_stream(content)} if content is not None else fixed

        return self.get(DmsRef(self._write_id("checkIn", params)))

    def cancel_check_out(self, ref: DmsRef) -> None:
        def once() -> None:
            try:
                self.client.call("cancelCheckOut", repositoryId=self._repository(), objectId=ref.id)
            except NotFound:
                return  # gone already (perhaps by our own lost attempt)

        self.retry.call("cancelCheckOut", once)

    def versions(self, ref: DmsRef) -> Sequence[DmsItem]:
        answer = self._read("getAllVersions", objectId=ref.id, filter=OBJECT_READ["filter"],
                            includeAllowableActions=False)
        return [self._item(o) for o in answer.iterfind(m("objects"))]
