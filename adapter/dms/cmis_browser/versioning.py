"""Versioning over the Browser binding (CMIS 1.1 Part II §5.4.4: checkOut, checkIn, cancelCheckOut,
``cmisselector=versions``), mixed into ``BrowserConnector``.

A check-in is one multipart POST carrying the properties, the comment and the new content
together. checkOut and checkIn are not idempotent: a lost answer raises ``OutcomeUnknown`` at
once (``adapter.dms._once``); the caller reads the version series to settle it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from adapter.dms._once import call_once
from adapter.dms.cmis_browser.transport import Transport
from adapter.dms.cmis_browser.wire import decode_object, form_fields
from adapter.dms.http import RetryPolicy
from adapter.domain.errors import NotFound
from adapter.ports.dms import ContentSource, DmsItem, DmsRef, PropertyValue

__all__ = ["BrowserVersioning"]


class BrowserVersioning:
    retry: RetryPolicy
    transport: Transport

    def _repository(self) -> tuple[str, str, str]:
        raise NotImplementedError

    def _read(self, operation: str, url: str, params: Mapping[str, str]) -> Any:
        raise NotImplementedError

    def _post(self, operation: str, url: str, fields: list[tuple[str, str]],
              content: ContentSource | None = None) -> Any:
        raise NotImplementedError

    def check_out(self, ref: DmsRef) -> DmsItem:
        fields = form_fields("checkOut", {}, objectId=ref.id)
        return decode_object(call_once(self.retry, "checkOut", lambda: self._post(
            "checkOut", self._repository()[2], fields)))

    def check_in(self, ref: DmsRef, properties: Mapping[str, PropertyValue], content: ContentSource | None,
                 major: bool = True, comment: str | None = None) -> DmsItem:
        fields = form_fields("checkIn", properties, objectId=ref.id, major="true" if major else "false")
        if comment is not None:
            fields.append(("checkinComment", comment))
        url = self._repository()[2]

        return decode_object(call_once(self.retry, "checkIn", lambda: self._post("checkIn", url, fields, content)))

    def cancel_check_out(self, ref: DmsRef) -> None:
        def once() -> None:
            try:
                self._post("cancelCheckOut", self._repository()[2], form_fields("cancelCheckOut", {}, objectId=ref.id))
            except NotFound:
                return  # gone already (perhaps by our own lost attempt)

        self.retry.call("cancelCheckOut", once)

    def versions(self, ref: DmsRef) -> Sequence[DmsItem]:
        data = self._read("getAllVersions", self._repository()[2],
                          {"objectId": ref.id, "cmisselector": "versions", "succinct": "false"})
        return [decode_object(o) for o in data]
