"""Personalities (``--profile``): the sandbox's own files describing a vendor's behaviour.

A personality gives the repository its custom types and its vendor habits: name rules, which
error a duplicate name raises, query restrictions and a maximum content size. Files live in
``profiles/NAME.yaml`` beside this module; they are not the adapter's vendor profiles. A type may
carry a ``query_name`` other than its id (Alfresco: type ``D:ea:dokument``, query name
``ea:dokument``); ``types_from: OTHER`` starts the type list with another profile's types.

Further habits, each off unless a file asks for it (the ``enterprise`` personality asks for all):
``secondary_types: false`` (no ``cmis:secondary`` base type), ``versioning: {major_only: true}``,
``content_hash: false`` (no ``cmis:contentStreamHash``), ``query: {in_tree: false, lag_ms: N}``
(IN_TREE refused; a search index that shows new objects only N ms after their creation),
``names: {max_length: N}``, ``permissions`` (repository-specific permission names for the three
levels, mapped through the permission mapping), ``ids: guid`` (``{GUID}``-shaped object ids) and
``paths: {trailing_slash: true}`` (``cmis:path`` of folders ends with ``/``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from egov_sandbox.typesystem import BASE_TYPES, PROPERTY_TYPES, PropertyDefinition, TypeDefinition

__all__ = ["AclRules", "NameRules", "Personality", "QueryRules", "available_profiles", "load_personality"]

#: the three permission levels of the ACL model (``repo/acl.py``), as CMIS names them
BASIC_PERMISSIONS = ("cmis:read", "cmis:write", "cmis:all")


@dataclass(frozen=True)
class NameRules:
    forbidden_chars: str = "/"
    forbid_trailing_dot_or_space: bool = False
    case_insensitive: bool = False
    duplicate_error: str = "nameConstraintViolation"  # or contentAlreadyExists
    max_length: int = 255

    def key(self, name: str) -> str:
        """The value uniqueness is checked on."""
        return name.casefold() if self.case_insensitive else name


@dataclass(frozen=True)
class QueryRules:
    like: bool = True
    in_: bool = True
    or_: bool = True
    in_tree: bool = True
    lag_ms: int = 0  # new objects appear in query results this long after their creation


@dataclass(frozen=True)
class AclRules:
    """Permission names shown to clients: the basic ones, or the repository's own for the three levels.

    With repository permissions (``supportedPermissions: repository``) the basic names are refused;
    the permission mapping (``aclCapabilities``) tells clients which name allows what.
    """

    names: tuple[str, str, str] = BASIC_PERMISSIONS  # read, write, all

    @property
    def supported(self) -> str:
        return "basic" if self.names == BASIC_PERMISSIONS else "repository"

    def shown(self, basic: str) -> str:
        """The name clients see for a basic permission."""
        return self.names[BASIC_PERMISSIONS.index(basic)] if basic in BASIC_PERMISSIONS else basic

    def basic(self, shown: str) -> str | None:
        """The basic permission behind a name a client sent (None: not a permission here)."""
        return BASIC_PERMISSIONS[self.names.index(shown)] if shown in self.names else None


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
    acl: AclRules = AclRules()
    secondary_types: bool = True
    major_versions_only: bool = False
    content_hash: bool = True
    guid_ids: bool = False  # object ids as "{8-4-4-4-12}" upper-case GUIDs instead of 32 hex digits
    folder_paths_end_with_slash: bool = False


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


def _base_types(secondary: bool, content_hash: bool) -> dict[str, TypeDefinition]:
    """The base types as a personality offers them (without cmis:secondary, without the hash)."""
    known = dict(BASE_TYPES)
    if not secondary:
        del known["cmis:secondary"]
    for base in ("cmis:document", "cmis:folder"):
        props = dict(known[base].properties)
        if not secondary:  # shown (an Object property of CMIS 1.1), but nobody can set it
            props["cmis:secondaryObjectTypeIds"] = replace(props["cmis:secondaryObjectTypeIds"],
                                                           updatability="readonly")
        if not content_hash:
            props.pop("cmis:contentStreamHash", None)
        known[base] = replace(known[base], properties=props)
    return known


def _types(raw_types: list[dict[str, Any]], where: str, known: dict[str, TypeDefinition]) -> tuple[TypeDefinition, ...]:
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
    secondary, content_hash = bool(data.get("secondary_types", True)), bool(data.get("content_hash", True))
    perms = data.get("permissions") or {}
    acl = AclRules(tuple(str(perms.get(level, basic)) for level, basic in  # type: ignore[arg-type]
                         zip(("read", "write", "all"), BASIC_PERMISSIONS, strict=True)))
    return Personality(
        name=data["name"], repository_id=repo.get("id", "egov-sandbox"),
        repository_name=repo.get("name", "egov sandbox"), vendor=repo.get("vendor", ""),
        product=repo.get("product", ""),
        names=NameRules(forbidden_chars=names.get("forbidden_chars", "/"),
                        forbid_trailing_dot_or_space=bool(names.get("forbid_trailing_dot_or_space")),
                        case_insensitive=bool(names.get("case_insensitive")),
                        duplicate_error=names.get("duplicate_error", "nameConstraintViolation"),
                        max_length=int(names.get("max_length", 255))),
        query=QueryRules(like=query.get("like", True), in_=query.get("in", True), or_=query.get("or", True),
                         in_tree=query.get("in_tree", True), lag_ms=int(query.get("lag_ms", 0))),
        max_content_bytes=data.get("max_content_bytes"),
        types=_types(raw_types, where, _base_types(secondary, content_hash)),
        acl=acl, secondary_types=secondary,
        major_versions_only=bool((data.get("versioning") or {}).get("major_only", False)),
        content_hash=content_hash, guid_ids=data.get("ids", "hex") == "guid",
        folder_paths_end_with_slash=bool((data.get("paths") or {}).get("trailing_slash", False)),
    )
