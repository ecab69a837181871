"""Type system: property and type definitions (CMIS 1.1 §2.1.3), base types, value coercion.

Values inside the repository are typed Python values: ``str`` (string, id, uri, html), ``bool``,
``int``, ``Decimal``, timezone-aware ``datetime``; multi-valued properties hold lists. Bindings turn
wire strings into these with ``values.coerce`` and back with their own renderers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

__all__ = ["BASE_TYPES", "PROPERTY_TYPES", "PropertyDefinition", "TypeDefinition"]

PROPERTY_TYPES = ("string", "boolean", "decimal", "integer", "datetime", "id", "uri", "html")


@dataclass(frozen=True)
class PropertyDefinition:
    id: str
    property_type: str
    cardinality: str = "single"  # single | multi
    updatability: str = "readwrite"  # readonly | readwrite | whencheckedout | oncreate
    required: bool = False
    queryable: bool = True
    orderable: bool = True
    inherited: bool = False
    open_choice: bool = True
    choices: tuple[Any, ...] = ()
    max_length: int | None = None
    min_value: int | Decimal | None = None
    max_value: int | Decimal | None = None
    default: Any = None
    display_name: str | None = None
    description: str = ""

    @property
    def multi(self) -> bool:
        return self.cardinality == "multi"

    @property
    def local_name(self) -> str:
        return self.id.split(":", 1)[-1]

    @property
    def query_name(self) -> str:
        return self.id


@dataclass(frozen=True)
class TypeDefinition:
    id: str
    base_id: str
    parent_id: str | None
    properties: Mapping[str, PropertyDefinition]
    display_name: str = ""
    description: str = ""
    creatable: bool = True
    fileable: bool = True
    queryable: bool = True
    fulltext_indexed: bool = False
    included_in_supertype_query: bool = True
    controllable_policy: bool = False
    controllable_acl: bool = True
    versionable: bool = False
    content_stream_allowed: str = "allowed"  # notallowed | allowed | required
    allowed_child_types: tuple[str, ...] = ()
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def local_name(self) -> str:
        return self.id.split(":", 1)[-1]

    @property
    def query_name(self) -> str:
        """The type's name in CMIS QL: its id unless the personality gives another (Alfresco)."""
        return str(self.attributes.get("queryName", self.id))

    def inherit_into(self, child_id: str, own: Iterable[PropertyDefinition], **attrs: Any) -> TypeDefinition:
        """A subtype: this type's properties (marked inherited) plus ``own``."""
        props = {pid: replace(p, inherited=True) for pid, p in self.properties.items()}
        for p in own:
            if p.id in props:
                raise ValueError(f"type {child_id}: property {p.id} already defined by {self.id}")
            props[p.id] = p
        values = {"base_id": self.base_id, "versionable": self.versionable,
                  "content_stream_allowed": self.content_stream_allowed,
                  "fileable": self.fileable, "queryable": self.queryable, **attrs}
        return TypeDefinition(id=child_id, parent_id=self.id, properties=props, **values)


def _p(pid: str, ptype: str, upd: str = "readonly", **kw: Any) -> PropertyDefinition:
    return PropertyDefinition(id=pid, property_type=ptype, updatability=upd, **kw)


_OBJECT = (
    _p("cmis:name", "string", "readwrite", required=True, max_length=255),
    _p("cmis:description", "string", "readwrite"),
    _p("cmis:objectId", "id"),
    _p("cmis:baseTypeId", "id"),
    _p("cmis:objectTypeId", "id", "oncreate", required=True),
    _p("cmis:secondaryObjectTypeIds", "id", "readwrite", cardinality="multi", orderable=False),
    _p("cmis:createdBy", "string"),
    _p("cmis:creationDate", "datetime"),
    _p("cmis:lastModifiedBy", "string"),
    _p("cmis:lastModificationDate", "datetime"),
    _p("cmis:changeToken", "string", queryable=False, orderable=False),
)
_DOCUMENT = (
    _p("cmis:isImmutable", "boolean"),
    _p("cmis:isLatestVersion", "boolean"),
    _p("cmis:isMajorVersion", "boolean"),
    _p("cmis:isLatestMajorVersion", "boolean"),
    _p("cmis:isPrivateWorkingCopy", "boolean"),
    _p("cmis:versionLabel", "string"),
    _p("cmis:versionSeriesId", "id"),
    _p("cmis:isVersionSeriesCheckedOut", "boolean"),
    _p("cmis:versionSeriesCheckedOutBy", "string"),
    _p("cmis:versionSeriesCheckedOutId", "id"),
    _p("cmis:checkinComment", "string"),
    _p("cmis:contentStreamLength", "integer"),
    _p("cmis:contentStreamMimeType", "string"),
    _p("cmis:contentStreamFileName", "string"),
    _p("cmis:contentStreamId", "id"),
    # CMIS 1.1 §2.1.4.3.3: hashes of the stream as "{algorithm}hexvalue"
    _p("cmis:contentStreamHash", "string", cardinality="multi", queryable=False, orderable=False),
)
_FOLDER = (
    _p("cmis:parentId", "id"),
    _p("cmis:path", "string"),
    _p("cmis:allowedChildObjectTypeIds", "id", cardinality="multi", orderable=False),
)


def _base(type_id: str, props: Iterable[PropertyDefinition], **attrs: Any) -> TypeDefinition:
    return TypeDefinition(id=type_id, base_id=type_id, parent_id=None,
                          properties={p.id: p for p in props}, display_name=type_id, **attrs)


BASE_TYPES: dict[str, TypeDefinition] = {
    "cmis:document": _base("cmis:document", (*_OBJECT, *_DOCUMENT), versionable=True,
                           description="Document base type"),
    "cmis:folder": _base("cmis:folder", (*_OBJECT, *_FOLDER), content_stream_allowed="notallowed",
                         description="Folder base type"),
    "cmis:secondary": _base("cmis:secondary", (), creatable=False, fileable=False, queryable=True,
                            controllable_acl=False, content_stream_allowed="notallowed",
                            description="Secondary type base"),
}
