"""JSON shapes of the Browser binding (CMIS 1.1 §5.2–§5.4): objects, types, repository info."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from egov_sandbox.repo import ObjectView, Tree, allowable_actions
from egov_sandbox.repo.types import TypeRegistry
from egov_sandbox.typesystem import PropertyDefinition, TypeDefinition
from egov_sandbox.values import format_datetime

__all__ = ["ObjectOptions", "object_json", "property_definition_json", "tree_json", "type_json", "value_json"]


class ObjectOptions:
    """The rendering parameters of one request."""

    def __init__(self, *, succinct: bool = False, extended_dates: bool = False,
                 prop_filter: set[str] | None = None, allowable_actions: bool = False,
                 acl: bool = False, path_segment: bool = True) -> None:
        self.succinct = succinct
        self.extended_dates = extended_dates
        self.prop_filter = prop_filter
        self.allowable_actions = allowable_actions
        self.acl = acl
        self.path_segment = path_segment


def value_json(value: Any, extended_dates: bool) -> Any:
    if isinstance(value, list):
        return [value_json(v, extended_dates) for v in value]
    if isinstance(value, datetime):
        return format_datetime(value) if extended_dates else int(value.timestamp() * 1000)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    return value


_ALWAYS = {"cmis:objectId", "cmis:baseTypeId", "cmis:objectTypeId"}


def _selected(view: ObjectView, prop_filter: set[str] | None) -> Iterable[tuple[str, PropertyDefinition, Any]]:
    for pid, (defn, value) in view.properties.items():
        if prop_filter is None or pid in prop_filter or pid in _ALWAYS:
            yield pid, defn, value


#: values that are their own JSON (no conversion to look for)
_PLAIN = frozenset({str, int, bool, float, type(None)})


def _succinct(view: ObjectView, opts: ObjectOptions) -> dict[str, Any]:
    """``pid: value`` of the selected properties; most values are strings, numbers or None, passed as they are
    (a listing of 10,000 children renders 400,000 of them)."""
    wanted, dates = opts.prop_filter, opts.extended_dates
    out: dict[str, Any] = {}
    for pid, (_defn, value) in view.properties.items():
        if wanted is None or pid in wanted or pid in _ALWAYS:
            out[pid] = value if type(value) in _PLAIN else value_json(value, dates)
    return out


def properties_json(view: ObjectView, opts: ObjectOptions, key_by_query_name: bool = False) -> dict[str, Any]:
    if opts.succinct:
        return _succinct(view, opts)
    return {
        (defn.query_name if key_by_query_name else pid): {
            "id": pid, "localName": defn.local_name, "displayName": defn.display_name or pid,
            "queryName": defn.query_name, "type": defn.property_type, "cardinality": defn.cardinality,
            "value": value_json(value, opts.extended_dates),
        }
        for pid, defn, value in _selected(view, opts.prop_filter)
    }


def object_json(types: TypeRegistry, view: ObjectView, opts: ObjectOptions,
                acl: list[dict[str, Any]] | None = None, actions: dict[str, bool] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    key = "succinctProperties" if opts.succinct else "properties"
    out[key] = properties_json(view, opts)
    if opts.allowable_actions:
        out["allowableActions"] = actions if actions is not None else allowable_actions(types, view.obj)
    if opts.acl and acl is not None:
        out["acl"] = {"aces": acl}
        out["exactACL"] = True
    return out


Render = Callable[[ObjectView, ObjectOptions], dict[str, Any]]


def tree_json(types: TypeRegistry, trees: list[Tree], opts: ObjectOptions,
              render: Render | None = None) -> list[dict[str, Any]]:
    """Descendants/folder tree; ``render`` draws one object (per-user actions and ACL)."""
    def draw(view: ObjectView) -> dict[str, Any]:
        return render(view, opts) if render is not None else object_json(types, view, opts)

    return [{"object": {"object": draw(t.view), "pathSegment": t.view.obj.name},
             "children": tree_json(types, t.children, opts, render)} if t.children else
            {"object": {"object": draw(t.view), "pathSegment": t.view.obj.name}}
            for t in trees]


def property_definition_json(d: PropertyDefinition) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": d.id, "localName": d.local_name, "localNamespace": d.id.split(":", 1)[0] if ":" in d.id else "",
        "displayName": d.display_name or d.id, "queryName": d.query_name, "description": d.description,
        "propertyType": d.property_type, "cardinality": d.cardinality, "updatability": d.updatability,
        "inherited": d.inherited, "required": d.required, "queryable": d.queryable,
        "orderable": d.orderable, "openChoice": d.open_choice,
    }
    if d.choices:
        out["choice"] = [{"displayName": str(c), "value": [value_json(c, False)]} for c in d.choices]
    if d.default is not None:
        out["defaultValue"] = d.default if d.multi else [d.default]
    if d.max_length is not None:
        out["maxLength"] = d.max_length
    if d.min_value is not None:
        out["minValue"] = value_json(d.min_value, False)
    if d.max_value is not None:
        out["maxValue"] = value_json(d.max_value, False)
    return out


def type_json(t: TypeDefinition, with_properties: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": t.id, "localName": t.local_name, "localNamespace": t.id.split(":", 1)[0],
        "displayName": t.display_name or t.id, "queryName": t.query_name, "description": t.description,
        "baseId": t.base_id, "creatable": t.creatable, "fileable": t.fileable, "queryable": t.queryable,
        "fulltextIndexed": t.fulltext_indexed, "includedInSupertypeQuery": t.included_in_supertype_query,
        "controllablePolicy": t.controllable_policy, "controllableACL": t.controllable_acl,
        "typeMutability": {"create": False, "update": False, "delete": False},
    }
    if t.parent_id is not None:
        out["parentId"] = t.parent_id
    if t.base_id == "cmis:document":
        out["versionable"] = t.versionable
        out["contentStreamAllowed"] = t.content_stream_allowed
    if with_properties:
        out["propertyDefinitions"] = {pid: property_definition_json(p) for pid, p in t.properties.items()}
    return out
