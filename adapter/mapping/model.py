"""The loaded mappings as frozen objects: vendor profiles, record classes, and the set of both.

Profiles speak DMS ids; record classes speak keys into profiles and canonical field names. A
``MappingSet`` only exists when every file was valid and every cross-check passed.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo
from typing import Literal

from adapter.domain.aktenzeichen import AktenzeichenFormat
from adapter.domain.codes import Aussonderungsart, Vertraulichkeitsstufe
from adapter.domain.errors import ConfigurationError, InvalidInput
from adapter.domain.records import Aktenplaneinheit
from adapter.mapping.fields import Level
from adapter.mapping.templates import Template

__all__ = [
    "AccessRule",
    "Capability",
    "ContentRules",
    "Grant",
    "Identity",
    "MappingSet",
    "NameRules",
    "PathSegment",
    "PropertyDef",
    "PropertyMapping",
    "QueryCapabilities",
    "RecordClass",
    "RetentionRule",
    "TypeDef",
    "VendorProfile",
    "WsAccess",
]

Permission = Literal["read", "write", "all"]
PropertyType = Literal["string", "integer", "boolean", "datetime"]


@dataclass(frozen=True)
class PropertyDef:
    key: str
    id: str
    type: PropertyType
    multi: bool = False
    max_length: int | None = None


@dataclass(frozen=True)
class TypeDef:
    key: str
    id: str
    base: Literal["folder", "document", "secondary"]
    properties: frozenset[str]
    versionable: bool = False
    query_name: str = ""  # name in CMIS QL FROM; empty: the id

    @property
    def queried_as(self) -> str:
        return self.query_name or self.id


@dataclass(frozen=True)
class NameRules:
    """How the DMS restricts object names (see ``adapter.mapping.names.sanitize_name``)."""

    forbidden_chars: str = "/"
    forbid_trailing_dot_or_space: bool = False
    max_length: int = 255
    case_insensitive: bool = False
    replacement: str = "_"

    @functools.cached_property
    def replacements(self) -> Mapping[int, str]:
        """The ``str.translate`` table: forbidden characters, ``/`` and control characters to the replacement
        (built once per rules, not per character of every name)."""
        bad = {*self.forbidden_chars, "/", *map(chr, range(0x20)), "\x7f"}
        return {ord(ch): self.replacement for ch in bad}


@dataclass(frozen=True)
class Capability:
    supported: bool
    fallback: str | None = None


@dataclass(frozen=True)
class QueryCapabilities:
    like: Capability
    in_: Capability
    or_: Capability


@dataclass(frozen=True)
class ContentRules:
    max_size: int | None
    hash_property: bool
    verify_read_back: bool


@dataclass(frozen=True)
class Identity:
    """Property keys holding our UUID and the idempotency key; the secondary type key, if any."""

    uuid_property: str
    idempotency_property: str
    secondary_type: str | None


@dataclass(frozen=True)
class WsAccess:
    """How a vendor's CMIS Web Services binding is reached (``ws:`` in a profile; used with ``binding: ws``).

    ``wsdl``: ``official`` reads the OASIS WSDL from the standards folder (never the network);
    ``dms`` reads the DMS's own ``<url>?wsdl`` once at start, for the endpoint addresses it names.
    ``endpoint``: each service's address from the DMS URL and the WSDL's service name (official WSDL).
    """

    wsdl: Literal["official", "dms"] = "official"
    endpoint: str = "{url}/{service}"


@dataclass(frozen=True)
class VendorProfile:
    key: str
    description: str
    binding: Literal["browser", "atompub", "ws"]
    types: Mapping[str, TypeDef]
    properties: Mapping[str, PropertyDef]
    identity: Identity
    permissions: Mapping[Permission, str]
    names: NameRules
    query: QueryCapabilities
    content: ContentRules
    source: str
    ws: WsAccess = WsAccess()
    unmapped: frozenset[str] = frozenset()  # keys the classes map that this DMS keeps no property for

    def stores(self, key: str) -> bool:
        """Whether values of the property key ``key`` go into the DMS (``unmapped`` keys do not)."""
        return key in self.properties

    @property
    def plain_document_type(self) -> str:
        """The type id of a document without record metadata (e.g. an XTA transport report): the
        profile's ``datei`` type if it names one, else CMIS's base document type."""
        datei = self.types.get("datei")
        return datei.id if datei is not None else "cmis:document"


@dataclass(frozen=True)
class PropertyMapping:
    """canonical field (or template/constant) -> profile property key, with a transform."""

    property: str
    field: str | None = None
    transform: str = "identity"
    format: str | None = None
    values: Mapping[str, str] | None = None
    template: Template | None = None
    separator: str = ", "
    value: str | int | bool | None = None


@dataclass(frozen=True)
class PathSegment:
    """One folder of the path template; ``level`` None = a static or intake container folder."""

    template: Template
    level: Level | None


@dataclass(frozen=True)
class Grant:
    principal: str
    permission: Permission


@dataclass(frozen=True)
class AccessRule:
    """Grants per principal; ``inherit`` False replaces inherited entries (the DMS refuses others)."""

    inherit: bool
    grants: tuple[Grant, ...]


@dataclass(frozen=True)
class RetentionRule:
    aufbewahrungsdauer: int | None
    aussonderungsart: Aussonderungsart | None


@dataclass(frozen=True)
class RecordClass:
    key: str
    title: str
    description: str
    aktenplaneinheit: Aktenplaneinheit
    aktenzeichen_format: AktenzeichenFormat
    path: tuple[PathSegment, ...]
    document_name: Template
    zone: tzinfo
    types: Mapping[str, str]  # level or "container" -> profile type key
    teilakten: tuple[str, ...] | None
    vertraulichkeit_mindestens: Vertraulichkeitsstufe | None
    properties: Mapping[Level, tuple[PropertyMapping, ...]]
    access: AccessRule | None
    retention: RetentionRule | None
    source: str


@dataclass(frozen=True)
class MappingSet:
    """Every record class and vendor profile, by key."""

    classes: Mapping[str, RecordClass]
    profiles: Mapping[str, VendorProfile]

    def record_class(self, key: str) -> RecordClass:
        """The class ``key``; ``InvalidInput`` (a caller named it) listing the known ones."""
        try:
            return self.classes[key]
        except KeyError:
            raise InvalidInput(
                f"unknown record class {key!r} (known: {', '.join(sorted(self.classes))})",
                detail={"record_class": key},
            ) from None

    def profile(self, key: str) -> VendorProfile:
        """The profile ``key``; ``ConfigurationError`` (settings named it) listing the known ones."""
        try:
            return self.profiles[key]
        except KeyError:
            raise ConfigurationError(
                f"unknown vendor profile {key!r} (known: {', '.join(sorted(self.profiles))})"
            ) from None
