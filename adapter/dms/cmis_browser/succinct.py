"""Succinct object JSON (§5.2.3.2): values without their property definitions, for big listings.

A verbose object names each property's id, names and type next to its value (about 4 kB per
document, one dict per property); a succinct one is ``{"succinctProperties": {id: value}}``, about
a sixth of that, and cheaper for the DMS to write and for us to read. What it leaves out is the
type, and a datetime arrives as a plain number of milliseconds, so the datetime properties come from
the type definitions (object type and secondary types; a definition includes the inherited
properties, §2.1.3.3), each read once and kept for the connector's life, as the other bindings keep
theirs. The values come out as ``decode_object`` gives them from verbose JSON.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from adapter.dms._item import item_of
from adapter.dms.cmis_browser.wire import datetime_value
from adapter.domain.errors import NotFound
from adapter.ports.dms import DmsItem

__all__ = ["SuccinctDecoder"]

#: reads the JSON type definition of a type id (``cmisselector=typeDefinition``)
ReadType = Callable[[str], Mapping[str, Any]]


class SuccinctDecoder:
    def __init__(self, read_type: ReadType) -> None:
        self._read_type = read_type
        self._lock = threading.Lock()
        self._types: dict[str, frozenset[str] | None] = {}  # type id -> its datetime properties (None: unknown)
        self._sets: dict[tuple[str, ...], frozenset[str] | None] = {}  # object + secondary types -> the same

    def _type_dates(self, type_id: str) -> frozenset[str] | None:
        with self._lock:
            if type_id in self._types:
                return self._types[type_id]
        try:  # outside the lock: two threads meeting a new type read it twice, nothing worse
            definitions = self._read_type(type_id).get("propertyDefinitions") or {}
            dates: frozenset[str] | None = frozenset(
                pid for pid, d in definitions.items() if d.get("propertyType") == "datetime")
        except NotFound:
            dates = None
        with self._lock:
            self._types[type_id] = dates
        return dates

    def _dates(self, types: tuple[str, ...]) -> frozenset[str] | None:
        dates = self._sets.get(types)
        if dates is None and types not in self._sets:
            parts = [self._type_dates(t) for t in types]
            dates = None if None in parts else frozenset().union(*(p for p in parts if p is not None))
            with self._lock:
                self._sets[types] = dates
        return dates

    def items(self, objects: Sequence[Mapping[str, Any]]) -> list[DmsItem] | None:
        """The items of succinct objects (each ``{"succinctProperties": …}``), or None when a type's
        definition cannot be read (the caller then asks for the verbose form). The objects' property
        dicts become the items' properties, so nothing is copied."""
        out = []
        for data in objects:
            props: dict[str, Any] = data["succinctProperties"]
            secondary = props.get("cmis:secondaryObjectTypeIds")
            dates = self._dates((str(props.get("cmis:objectTypeId")),
                                 *(secondary if isinstance(secondary, list) else ())))
            if dates is None:
                return None
            for pid in dates.intersection(props):
                if props[pid] is not None:
                    props[pid] = datetime_value(props[pid])
            out.append(item_of(props))
        return out
