"""Type definitions over the Web Services binding: ``getTypeDefinition``, kept for the connector's life.

They serve two purposes: ``mappings check --against-dms`` (the ``TypeCatalog`` port) and the
cardinality of properties, which an object's answer does not carry. Properties of the CMIS base
types have a cardinality the specification fixes (``BASE_PROPERTIES``), so only custom types and
secondary types cost a lookup, once each.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from lxml import etree

from adapter.dms._properties import BASE_PROPERTIES
from adapter.dms.cmis_ws.wire import type_info
from adapter.domain.errors import NotFound
from adapter.ports.dms import TypeInfo

__all__ = ["TypeCache"]


class TypeCache:
    """Type definitions by id, read through ``fetch`` (the ``getTypeDefinition`` call) once each."""

    def __init__(self, fetch: Callable[[str], etree._Element]) -> None:
        self._fetch = fetch
        self._types: dict[str, TypeInfo | None] = {}
        self._lock = threading.Lock()

    def get(self, type_id: str) -> TypeInfo | None:
        with self._lock:
            if type_id in self._types:
                return self._types[type_id]
        try:
            found: TypeInfo | None = type_info(self._fetch(type_id))
        except NotFound:
            found = None
        with self._lock:
            self._types[type_id] = found
        return found

    def multi(self, type_ids: Iterable[str]) -> Callable[[str], bool]:
        """``multi(property id)`` for an object of these types (looked up only when a custom property asks)."""
        known: set[str] | None = None

        def is_multi(pid: str) -> bool:
            nonlocal known
            if pid in BASE_PROPERTIES:
                return BASE_PROPERTIES[pid][1]
            if known is None:
                known = {p for t in type_ids if (info := self.get(t)) is not None
                         for p, prop in info.properties.items() if prop.multi}
            return pid in known

        return is_multi
