"""Personalities (``--profile``): the sandbox's own files describing a vendor's behaviour.

A personality gives the repository its custom types and its vendor habits: name rules, which
error a duplicate name raises, query restrictions and a maximum content size. Files live in
``profiles/NAME.yaml`` beside this module; they are not the adapter's vendor profiles. A type may
carry a ``query_name`` other than its id (Alfresco: type ``D:ea:dokument``, query name
``ea:dokument``); ``types_from: OTHER`` starts the type list with another profile's types.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from egov_sandbox.typesystem import BASE_TYPES, PROPERTY_TYPES, PropertyDefinition, TypeDefinition

__all__ = ["NameRules", "Personality", "QueryRules", "available_profiles", "load_personality"]


@dataclass(frozen=True)
class NameRules:
    forbidden_chars: str = "/"
    forbid_trailing_dot_or_space: bool = False
    case_insensitive: bool = False
    duplicate_error: str = "nameConstraintViolation"  # or contentAlreadyExists

    def key(self, name: str) -> str:
        """The value uniqueness is checked on."""
        return name.casefold() if self.case_insensitive else name


@dataclass(frozen=True)
class QueryRules:
    like: bool = True
    in_: bool = True
    or_: bool = True


@dataclass(frozen=True)
class Personality:
    name: str
    repository_id: str
    repository_name: str
    vendor: str
    product: str
    names: NameRules
    query: QueryRules
    max_content_bytes: int | None
    types: tuple[TypeDefinition, ...]  # base types first, then custom types in dependency order


def available_profiles() -> list[str]:
    folder = resources.files("egov_sandbox") / "profiles"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def _prop(raw: dict[str, Any], where: str) -> PropertyDefinition:
    ptype = raw.get("type")
    if ptype not in PROPERTY_TYPES:
        raise ValueError(f"{where}: property {raw.get('id')!r} has unknown type {ptype!r}")
    number = Decimal if ptype == "decimal" else int
    return PropertyDefinition(
        id=str(raw["id"]), property_type=ptype,
        cardinality=raw.get("cardinality", "single"), updatability=raw.get("updatability", "readwrite"),
        required=bool(raw.get("required", False)), queryable=bool(raw.get("queryable", True)),
        orderable=bool(raw.get("orderable", raw.get("cardinality", "single") == "single")),
        open_choice=bool(raw.get("open_choice", True)), choices=tuple(raw.get("choices", ())),
        max_length=raw.get("max_length"),
        min_value=number(raw["min_value"]) if "min_value" in raw else None,
        max_value=number(raw["max_value"]) if "max_value" in raw else None,
        default=raw.get("default"), display_name=raw.get("display_name"),
        description=raw.get("description", ""),
    )


def _types(raw_types: list[dict[str, Any]], where: str) -> tuple[TypeDefinition, ...]:
    known: dict[str, TypeDefinition] = dict(BASE_TYPES)
    for raw in raw_types:
        parent = known.get(raw.get("parent", ""))
        if parent is None:
            raise ValueError(f"{where}: type {raw.get('id')!r} names unknown parent {raw.get('parent')!r}")
        attrs: dict[str, Any] = {"display_name": raw.get("display_name", raw["id"]),
                                 "description": raw.get("description", "")}
        if "query_name" in raw:
            attrs["attributes"] = {"queryName": str(raw["query_name"])}
        if "versionable" in raw:
            attrs["versionable"] = bool(raw["versionable"])
        if parent.base_id == "cmis:secondary":
            attrs.update(creatable=False, fileable=False, controllable_acl=False)
        own = [_prop(p, f"{where}: type {raw['id']}") for p in raw.get("properties", ())]
        known[raw["id"]] = parent.inherit_into(raw["id"], own, **attrs)
    return tuple(known.values())


def _profile_text(name_or_path: str | Path) -> tuple[str, str]:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return path.read_text(encoding="utf-8"), str(path)
    res = resources.files("egov_sandbox") / "profiles" / f"{name_or_path}.yaml"
    if not res.is_file():
        raise ValueError(f"unknown sandbox profile {name_or_path!r} (available: "
                         f"{', '.join(available_profiles())})")
    return res.read_text(encoding="utf-8"), f"profiles/{name_or_path}.yaml"


def load_personality(name_or_path: str | Path = "generic") -> Personality:
    """Load ``profiles/NAME.yaml`` (or a file path) into a frozen ``Personality``."""
    text, where = _profile_text(name_or_path)
    data = yaml.safe_load(text)
    raw_types = list(data.get("types", []))
    if data.get("types_from"):  # another profile's types, e.g. restricted = generic's types
        inherited = yaml.safe_load(_profile_text(str(data["types_from"]))[0]).get("types", [])
        raw_types = list(inherited) + raw_types
    repo, names, query = data.get("repository", {}), data.get("names", {}), data.get("query", {})
    return Personality(
        name=data["name"], repository_id=repo.get("id", "egov-sandbox"),
        repository_name=repo.get("name", "egov sandbox"), vendor=repo.get("vendor", ""),
        product=repo.get("product", ""),
        names=NameRules(forbidden_chars=names.get("forbidden_chars", "/"),
                        forbid_trailing_dot_or_space=bool(names.get("forbid_trailing_dot_or_space")),
                        case_insensitive=bool(names.get("case_insensitive")),
                        duplicate_error=names.get("duplicate_error", "nameConstraintViolation")),
        query=QueryRules(like=query.get("like", True), in_=query.get("in", True), or_=query.get("or", True)),
        max_content_bytes=data.get("max_content_bytes"),
        types=_types(raw_types, where),
    )
