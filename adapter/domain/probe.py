"""What ``egov-adapter dms probe`` found out about a repository: plain values, to and from JSON.

``ProbeFindings`` holds the facts (repository info and capabilities, the type tree with every
property definition, ACL capabilities, query behaviour, and in write mode the name rules, content
and versioning behaviour the DMS actually enforces) and the ``Check`` list: each check is
``pass``, ``fail``, ``not-supported`` or ``skipped``, with what was found, what it means for the
adapter, and the evidence (requests and answers in short: never credentials, never content).
``needed`` marks checks whose failure means the DMS lacks something the chosen vendor profile, or
the adapter itself, needs (the probe then exits 1). The profile draft (``adapter.mapping.draft``)
reads the facts; the reports (terminal, JSON, HTML) read the checks.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "CHECK_STATUSES",
    "AclFacts",
    "Check",
    "CheckStatus",
    "ContentFacts",
    "Evidence",
    "NameFacts",
    "ProbeFindings",
    "PropertyFacts",
    "QueryFacts",
    "RepositoryFacts",
    "TypeFacts",
]

CheckStatus = Literal["pass", "fail", "not-supported", "skipped"]
CHECK_STATUSES: tuple[CheckStatus, ...] = ("pass", "fail", "not-supported", "skipped")


@dataclass(frozen=True)
class Evidence:
    """One request of a check and its answer, in short (``POST createFolder …`` / ``409 constraint``)."""

    request: str
    answer: str


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    status: CheckStatus
    found: str  # what the probe saw
    meaning: str  # what it means for the adapter
    evidence: tuple[Evidence, ...] = ()
    needed: bool = False  # the chosen profile (or the adapter) needs it: a failure exits 1

    @property
    def failed_need(self) -> bool:
        return self.needed and self.status in ("fail", "not-supported")


@dataclass(frozen=True)
class PropertyFacts:
    id: str
    query_name: str
    display_name: str
    datatype: str  # string, boolean, integer, decimal, datetime, id, uri, html
    multi: bool
    updatability: str  # readonly, readwrite, oncreate, whencheckedout
    required: bool = False
    queryable: bool = True
    max_length: int | None = None
    has_default: bool = False
    inherited: bool = False
    choices: tuple[str, ...] = ()

    @property
    def settable(self) -> bool:
        return self.updatability in ("readwrite", "oncreate")

    @property
    def mandatory(self) -> bool:
        """Every create must set it (required, settable, no default)."""
        return self.required and self.settable and not self.has_default and not self.id.startswith("cmis:")


@dataclass(frozen=True)
class TypeFacts:
    id: str
    query_name: str
    display_name: str
    base: str  # cmis:folder, cmis:document, cmis:secondary, ...
    parent_id: str | None = None
    description: str = ""
    creatable: bool = True
    queryable: bool = True
    versionable: bool | None = None  # documents only
    properties: tuple[PropertyFacts, ...] = ()

    def prop(self, property_id: str) -> PropertyFacts | None:
        return next((p for p in self.properties if p.id == property_id), None)

    @property
    def custom(self) -> tuple[PropertyFacts, ...]:
        """The properties that are not CMIS's own."""
        return tuple(p for p in self.properties if not p.id.startswith("cmis:"))


@dataclass(frozen=True)
class AclFacts:
    capability: str = "none"  # none, discover, manage
    supported_permissions: str = "basic"  # basic, repository, both
    propagation: str = ""
    permissions: tuple[str, ...] = ()
    mapping: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # key -> permissions

    def permission_for(self, key: str) -> str | None:
        """The first permission the repository maps to an allowable-action key (e.g. canApplyACL.Object)."""
        found = self.mapping.get(key, ())
        return found[0] if found else None


@dataclass(frozen=True)
class RepositoryFacts:
    id: str
    name: str
    vendor: str
    product: str
    version: str
    cmis_version: str
    root_folder_id: str
    capabilities: Mapping[str, str] = field(default_factory=dict)  # capabilityX -> value as text
    acl: AclFacts = AclFacts()


@dataclass(frozen=True)
class QueryFacts:
    """What queries did; ``None``: not tried."""

    capability: str = "none"
    folder: bool | None = None  # SELECT ... FROM cmis:folder
    in_folder: bool | None = None
    in_tree: bool | None = None
    like: bool | None = None
    in_: bool | None = None
    or_: bool | None = None
    lag_ms: int | None = None  # how long a new object took to show up (write mode)
    lag_limit_ms: int | None = None  # the bound the probe waited at most


@dataclass(frozen=True)
class NameFacts:
    """Name rules the DMS enforced on creates in the scratch folder."""

    refused_chars: str = ""
    accepted_chars: str = ""
    trailing_dot_or_space_refused: bool = False
    max_length: int | None = None  # the longest name accepted (None: not found)
    longest_tried: int = 0
    case_insensitive: bool | None = None
    duplicate_exception: str | None = None
    duplicate_status: int | None = None


@dataclass(frozen=True)
class ContentFacts:
    hash_declared: bool = False  # cmis:contentStreamHash in the document type definition
    hash_offered: bool | None = None  # reported on a created document (write mode)
    byte_exact: bool | None = None
    range_supported: bool | None = None
    largest_accepted: int | None = None
    smallest_refused: int | None = None
    operator_limit: int | None = None


@dataclass(frozen=True)
class ProbeFindings:
    binding: str
    url: str  # the service URL, never with credentials
    mode: Literal["read-only", "scratch"]
    started: str  # ISO 8601
    seconds: float
    repository: RepositoryFacts
    types: tuple[TypeFacts, ...] = ()
    query: QueryFacts = QueryFacts()
    names: NameFacts | None = None
    content: ContentFacts = ContentFacts()
    latency_ms: float | None = None
    checks: tuple[Check, ...] = ()
    profile: str | None = None  # the vendor profile the needs were taken from
    access: Mapping[str, str] = field(default_factory=dict)  # how the binding was reached (ws: wsdl, endpoint)

    def type_by_id(self, type_id: str) -> TypeFacts | None:
        return next((t for t in self.types if t.id == type_id), None)

    def check(self, check_id: str) -> Check | None:
        return next((c for c in self.checks if c.id == check_id), None)

    @property
    def failed_needs(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.failed_need)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (``from_json`` reads it back)."""
        return _plain(self)  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProbeFindings:
        """Findings from ``to_json`` data (``ValueError`` for anything else)."""
        try:
            return _build(cls, data)  # type: ignore[no-any-return]
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not probe findings: {exc}") from exc


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _build(hint: Any, data: Any) -> Any:
    """``data`` as the type ``hint`` (dataclasses, tuples, mappings, optionals, literals, scalars)."""
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = typing.get_type_hints(hint)
        values = {f.name: _build(hints[f.name], data[f.name]) for f in dataclasses.fields(hint) if f.name in data}
        return hint(**values)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _build(inner[0], data)
    if origin is tuple:
        return tuple(_build(typing.get_args(hint)[0], v) for v in data)
    if origin in (Mapping, dict) or hint is Mapping:
        value_hint = typing.get_args(hint)[1]
        return {str(k): _build(value_hint, v) for k, v in data.items()}
    if origin is Literal:
        if data not in typing.get_args(hint):
            raise TypeError(f"{data!r} is not one of {typing.get_args(hint)}")
        return data
    if hint is float and isinstance(data, int):
        return float(data)
    if hint in (str, int, float, bool) and not isinstance(data, hint):
        raise TypeError(f"{data!r} is not a {hint.__name__}")
    return data
