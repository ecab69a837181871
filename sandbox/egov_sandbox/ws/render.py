"""Answers of the Web Services binding as CMIS-Messaging.xsd elements (objects, lists, trees, ACLs, types).

Core-namespace content (properties, allowable actions, ACEs, type and repository definitions) is
drawn by the same renderers as the AtomPub binding's; this module wraps it in the messaging types
(``cmisObjectListType``, ``cmisObjectInFolderListType``, ``cmisACLType`` ...).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import etree

from egov_sandbox.atom.props import acl_into, actions_into, properties_into, property_into
from egov_sandbox.atom.typedefs import type_into
from egov_sandbox.repo import ObjectView, Tree
from egov_sandbox.repo.acl import decode_acl
from egov_sandbox.typesystem import PropertyDefinition, TypeDefinition
from egov_sandbox.ws.call import Call
from egov_sandbox.ws.names import CMIS, NSMAP, m, q, sub

__all__ = ["acl_answer", "answer", "containers_into", "object_into", "objects_into", "types_into"]


def answer(operation: str) -> etree._Element:
    """The response element of ``operation`` (``cmism:<operation>Response``), declaring the prefixes."""
    return etree.Element(m(f"{operation}Response"), nsmap=NSMAP)


def object_into(parent: etree._Element, tag: str, call: Call, view: ObjectView, *,
                columns: list[tuple[str, PropertyDefinition, Any]] | None = None) -> etree._Element:
    """A ``cmisObjectType`` element ``tag``: properties (filtered), and actions / ACL when asked for."""
    el = sub(parent, tag)
    if columns is None:
        properties_into(el, [(pid, d, v) for pid, (d, v) in view.properties.items()], call.prop_filter())
    else:  # query results: the selected columns under their query names or aliases
        holder = sub(el, q(CMIS, "properties"))
        for alias, defn, value in columns:
            property_into(holder, defn.id, defn, value, alias)
    if call.flag("includeAllowableActions"):
        actions_into(el, call.repo.actions_for(view.obj, call.user))
    if call.flag("includeACL"):
        acl_into(el, call.repo.acl_json(view.obj), decode_acl(view.obj.acl)[1])
        sub(el, q(CMIS, "exactACL"), True)
    return el


def objects_into(parent: etree._Element, tag: str, call: Call, views: Iterable[ObjectView], has_more: bool,
                 num_items: int | None, *, in_folder: bool = False) -> etree._Element:
    """``cmisObjectListType`` (or, ``in_folder``, ``cmisObjectInFolderListType`` with path segments)."""
    el = sub(parent, tag)
    for view in views:
        if in_folder:
            holder = sub(el, m("objects"))
            object_into(holder, m("object"), call, view)
            if call.flag("includePathSegment"):
                sub(holder, m("pathSegment"), view.obj.name)
        else:
            object_into(el, m("objects"), call, view)
    sub(el, m("hasMoreItems"), has_more)
    if num_items is not None:
        sub(el, m("numItems"), num_items)
    return el


def containers_into(parent: etree._Element, tag: str, call: Call, trees: list[Tree]) -> None:
    """``cmisObjectInFolderContainerType`` elements ``tag`` per tree node (getDescendants, getFolderTree)."""
    for tree in trees:
        container = sub(parent, tag)
        holder = sub(container, m("objectInFolder"))
        object_into(holder, m("object"), call, tree.view)
        if call.flag("includePathSegment"):
            sub(holder, m("pathSegment"), tree.view.obj.name)
        containers_into(container, m("children"), call, tree.children)


def types_into(parent: etree._Element, tag: str, call: Call, types: list[TypeDefinition], depth: int,
               with_properties: bool) -> None:
    """``cmisTypeContainer`` elements ``tag`` per type, with its subtypes down to ``depth`` (-1: all)."""
    for t in types:
        container = sub(parent, tag)
        type_into(container, t, with_properties, tag=m("type"))
        if depth != 1:
            types_into(container, m("children"), call, call.repo.types.children(t.id),
                       depth - 1 if depth > 0 else -1, with_properties)


def acl_answer(operation: str, aces: list[dict[str, Any]], blocked: bool) -> etree._Element:
    """``cmisACLType``: the ACL (direct and inherited ACEs) and ``exact``."""
    root = answer(operation)
    holder = sub(root, m("ACL"))
    acl_into(holder, aces, blocked, tag=m("ACL"))
    sub(holder, m("exact"), True)
    return root
