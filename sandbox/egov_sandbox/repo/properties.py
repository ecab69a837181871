"""Checking property input against type definitions on create and update (CMIS 1.1 §2.2.4)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from egov_sandbox.errors import CmisConstraint, CmisInvalidArgument, CmisNameConstraintViolation
from egov_sandbox.personality import NameRules
from egov_sandbox.repo.types import TypeRegistry
from egov_sandbox.typesystem import PropertyDefinition, TypeDefinition
from egov_sandbox.values import coerce

__all__ = ["check_name", "defs_for", "prepare_create", "prepare_update", "secondary_ids_from"]

# cmis:name and cmis:objectTypeId are columns; cmis:secondaryObjectTypeIds its own column
_HANDLED = {"cmis:name", "cmis:objectTypeId", "cmis:secondaryObjectTypeIds"}


def check_name(name: Any, rules: NameRules) -> str:
    if not isinstance(name, str) or not name.strip():
        raise CmisConstraint("cmis:name is required and must not be empty")
    bad = sorted({c for c in name if c in rules.forbidden_chars})
    if bad:
        raise CmisNameConstraintViolation(f"the name {name!r} contains forbidden characters: {' '.join(bad)}")
    if rules.forbid_trailing_dot_or_space and name[-1] in ". ":
        raise CmisNameConstraintViolation(f"the name {name!r} must not end with a dot or a space")
    if len(name) > rules.max_length:
        raise CmisNameConstraintViolation(f"the name is longer than {rules.max_length} characters")
    return name


def secondary_ids_from(raw: Any) -> list[str]:
    if raw is None:
        return []
    return [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw]) if str(v)]


def defs_for(types: TypeRegistry, typedef: TypeDefinition, secondary: Iterable[str]) -> dict[str, PropertyDefinition]:
    defs = dict(typedef.properties)
    for sid in secondary:
        for pid, defn in types.secondary(sid).properties.items():
            defs.setdefault(pid, defn)
    return defs


def _assign(defs: Mapping[str, PropertyDefinition], raw: Mapping[str, Any], allowed: set[str],
            current: dict[str, Any]) -> dict[str, Any]:
    out = dict(current)
    for pid, value in raw.items():
        if pid in _HANDLED:
            continue
        defn = defs.get(pid)
        if defn is None:
            raise CmisConstraint(f"property {pid!r} is not defined for this object's type or secondary types")
        if defn.updatability not in allowed:
            raise CmisConstraint(f"property {pid!r} is {defn.updatability} and cannot be set here")
        typed = coerce(defn, value)
        if typed is None:
            out.pop(pid, None)
        else:
            out[pid] = typed
    return out


def _require(defs: Mapping[str, PropertyDefinition], values: dict[str, Any]) -> None:
    for pid, defn in defs.items():
        if pid in _HANDLED or not defn.required or defn.updatability == "readonly":
            continue
        if values.get(pid) is None:
            if defn.default is None:
                raise CmisConstraint(f"property {pid!r} is required")
            values[pid] = coerce(defn, defn.default)


def prepare_create(types: TypeRegistry, typedef: TypeDefinition,
                   raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Custom property values and secondary type ids of a new object."""
    secondary = secondary_ids_from(raw.get("cmis:secondaryObjectTypeIds"))
    defs = defs_for(types, typedef, secondary)
    values = _assign(defs, raw, {"readwrite", "oncreate", "whencheckedout"}, {})
    _require(defs, values)
    return values, secondary


def prepare_update(types: TypeRegistry, typedef: TypeDefinition, raw: Mapping[str, Any],
                   current: dict[str, Any], secondary: list[str], *, is_pwc: bool) -> dict[str, Any]:
    """New custom property values after an update; ``secondary`` is the new secondary type list."""
    if "cmis:objectTypeId" in raw and raw["cmis:objectTypeId"] not in (typedef.id, [typedef.id]):
        raise CmisConstraint("cmis:objectTypeId cannot be changed")
    defs = defs_for(types, typedef, secondary)
    # values of removed secondary types go with them
    kept = {k: v for k, v in current.items() if k in defs}
    allowed = {"readwrite", "whencheckedout"} if is_pwc else {"readwrite"}
    for pid in raw:
        if pid not in _HANDLED and pid in defs and defs[pid].updatability == "whencheckedout" and not is_pwc:
            raise CmisConstraint(f"property {pid!r} can only be updated on a private working copy")
    values = _assign(defs, raw, allowed, kept)
    _require(defs, values)
    return values


def check_type_for(typedef: TypeDefinition, base: str) -> None:
    if typedef.base_id != base:
        raise CmisInvalidArgument(f"type {typedef.id!r} is not a {base} type")
    if not typedef.creatable:
        raise CmisConstraint(f"type {typedef.id!r} is not creatable")
