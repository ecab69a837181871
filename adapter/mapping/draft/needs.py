"""What the record classes need of a profile: type keys per level, property keys with their kinds.

Read from the loaded classes (``RecordClass``), so a draft fits exactly the classes it will be
checked against. A property key's kinds decide which DMS datatypes can hold it (``COMPATIBLE``,
the same table ``mappings check`` applies).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from adapter.mapping.fields import FIELDS
from adapter.mapping.model import PropertyMapping, RecordClass

__all__ = ["KeyNeed", "TypeNeed", "class_needs", "kind_of", "profile_type_for"]

#: kinds of values -> the profile (type, multi) that accepts all of them (``_entries.compatible``)
_ACCEPTS: Mapping[tuple[str, bool], frozenset[str]] = {
    ("string", False): frozenset({"string", "code"}),
    ("string", True): frozenset({"string", "strings", "code"}),
    ("integer", False): frozenset({"integer"}),
    ("boolean", False): frozenset({"boolean"}),
    ("datetime", False): frozenset({"datetime", "date"}),
}


@dataclass(frozen=True)
class TypeNeed:
    key: str  # the type key the classes name (akte, ordner ...)
    levels: tuple[str, ...]  # the levels it serves (container: "container")


@dataclass(frozen=True)
class KeyNeed:
    key: str
    kinds: frozenset[str]
    levels: tuple[str, ...]  # levels whose objects get a value for it
    type_keys: tuple[str, ...]  # the type keys of those levels


def kind_of(m: PropertyMapping) -> str:
    """The kind of value a mapping entry produces (as ``mappings check`` works it out)."""
    if m.transform == "constant":
        return "boolean" if isinstance(m.value, bool) else "integer" if isinstance(m.value, int) else "string"
    if m.transform in ("template", "join", "codelist") or (m.transform == "date"):
        return "string"
    if m.transform == "datetime":
        return "string" if m.format else "datetime"
    spec = FIELDS.get(m.field or "")
    return spec.kind if spec is not None else "string"


def profile_type_for(kinds: frozenset[str], datatype: str, multi: bool) -> bool:
    """Whether a DMS property of ``datatype`` and cardinality can take values of every kind in ``kinds``."""
    return kinds <= _ACCEPTS.get((datatype, multi), frozenset())


def class_needs(classes: Mapping[str, RecordClass]) -> tuple[dict[str, TypeNeed], dict[str, KeyNeed]]:
    """The type keys and the property keys the classes use, in a stable order."""
    types: dict[str, list[str]] = {}
    keys: dict[str, tuple[set[str], list[str], list[str]]] = {}
    for rc in sorted(classes.values(), key=lambda c: c.key):
        for level, type_key in rc.types.items():
            found = types.setdefault(type_key, [])
            if level not in found:
                found.append(level)
        for level, mappings in rc.properties.items():
            for m in mappings:
                kinds, levels, type_keys = keys.setdefault(m.property, (set(), [], []))
                kinds.add(kind_of(m))
                if level not in levels:
                    levels.append(level)
                if rc.types[level] not in type_keys:
                    type_keys.append(rc.types[level])
    return ({k: TypeNeed(k, tuple(v)) for k, v in types.items()},
            {k: KeyNeed(k, frozenset(v[0]), tuple(v[1]), tuple(v[2])) for k, v in keys.items()})
