"""The type registry of a repository: definitions persisted in SQLite, held frozen in memory."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from egov_sandbox.errors import CmisConstraint, CmisInvalidArgument, CmisObjectNotFound
from egov_sandbox.store.db import Database
from egov_sandbox.typesystem import PropertyDefinition, TypeDefinition

__all__ = ["TypeRegistry"]


def _dump(t: TypeDefinition) -> str:
    data = asdict(t)
    data["properties"] = [asdict(p) for p in t.properties.values()]
    return json.dumps(data, default=str)


def _load(text: str) -> TypeDefinition:
    data: dict[str, Any] = json.loads(text)
    props = {}
    for p in data.pop("properties"):
        for key in ("min_value", "max_value"):
            if p[key] is not None and p["property_type"] == "decimal":
                p[key] = Decimal(p[key])
        p["choices"] = tuple(p["choices"])
        props[p["id"]] = PropertyDefinition(**p)
    data["allowed_child_types"] = tuple(data["allowed_child_types"])
    return TypeDefinition(properties=props, **data)


class TypeRegistry:
    """Types in definition order; children and the union of property definitions precomputed."""

    def __init__(self, types: Iterable[TypeDefinition]) -> None:
        self._types = {t.id: t for t in types}
        self._children: dict[str | None, list[TypeDefinition]] = {}
        for t in self._types.values():
            self._children.setdefault(t.parent_id, []).append(t)
        self.all_properties: dict[str, PropertyDefinition] = {}
        for t in self._types.values():
            for pid, p in t.properties.items():
                self.all_properties.setdefault(pid, p)

    @classmethod
    def persisted(cls, db: Database, defaults: Iterable[TypeDefinition]) -> TypeRegistry:
        """Types stored in ``db``; a new database gets ``defaults`` (the personality's types)."""
        with db.write() as conn:
            rows = conn.execute("SELECT definition FROM types ORDER BY position").fetchall()
            if not rows:
                for pos, t in enumerate(defaults):
                    conn.execute("INSERT INTO types(id, position, parent_id, definition) VALUES (?,?,?,?)",
                                 (t.id, pos, t.parent_id, _dump(t)))
                return cls(defaults)
        return cls(_load(r[0]) for r in rows)

    def get(self, type_id: str) -> TypeDefinition:
        try:
            return self._types[type_id]
        except KeyError:
            raise CmisObjectNotFound(f"type {type_id!r} does not exist") from None

    def by_query_name(self, query_name: str) -> TypeDefinition:
        for t in self._types.values():
            if t.query_name == query_name:
                return t
        raise CmisInvalidArgument(f"unknown type {query_name!r} in query")

    def children(self, type_id: str | None) -> list[TypeDefinition]:
        if type_id is not None:
            self.get(type_id)
        return list(self._children.get(type_id, ()))

    def descendants(self, type_id: str) -> list[TypeDefinition]:
        """``type_id`` and every subtype of it."""
        out, stack = [], [self.get(type_id)]
        while stack:
            t = stack.pop()
            out.append(t)
            stack.extend(reversed(self._children.get(t.id, ())))
        return out

    def secondary(self, type_id: str) -> TypeDefinition:
        if "cmis:secondary" not in self._types:
            raise CmisConstraint("this repository has no secondary types")
        t = self.get(type_id)
        if t.base_id != "cmis:secondary" or t.id == "cmis:secondary":
            raise CmisInvalidArgument(f"{type_id!r} is not a secondary type")
        return t

    def __iter__(self) -> Any:
        return iter(self._types.values())
