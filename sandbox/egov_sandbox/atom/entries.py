"""Atom entries of CMIS objects (§3.5.1 and the link relations of §3.4.3 per base type)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from egov_sandbox.atom.names import (
    ATOM,
    CMIS,
    CMISRA,
    ENTRY_TYPE,
    FEED_TYPE,
    REL,
    SERVICE_TYPE,
    TREE_TYPE,
    element,
    sub,
)
from egov_sandbox.atom.props import acl_into, actions_into, properties_into, property_into
from egov_sandbox.atom.urls import Urls
from egov_sandbox.repo import ObjectView
from egov_sandbox.repo.acl import decode_acl
from egov_sandbox.repo.records import StoredObject
from egov_sandbox.repo.types import TypeRegistry
from egov_sandbox.typesystem import PropertyDefinition
from egov_sandbox.values import format_datetime

__all__ = ["EntryOptions", "atom_head", "link", "object_entry"]


@dataclass(frozen=True)
class EntryOptions:
    """The rendering parameters of one request: a property filter, and the caller's allowable actions
    (``includeAllowableActions``) and the ACL (``includeACL``) of an object when asked for."""

    prop_filter: set[str] | None = None
    actions: Callable[[StoredObject], dict[str, bool]] | None = None
    acl: Callable[[StoredObject], list[dict[str, Any]]] | None = None


def link(parent: etree._Element, rel: str, href: str, media_type: str | None = None) -> None:
    attrs = {"rel": rel, "href": href}
    if media_type:
        attrs["type"] = media_type
    sub(parent, ATOM, "link", **attrs)


def atom_head(el: etree._Element, atom_id: str, title: str, updated: str, author: str) -> None:
    """The Atom metadata every feed and entry must carry (RFC 4287 §4.1.1, §4.1.2)."""
    sub(sub(el, ATOM, "author"), ATOM, "name", author)
    sub(el, ATOM, "id", atom_id)
    sub(el, ATOM, "title", title, type="text")
    sub(el, ATOM, "updated", updated)


def _links(el: etree._Element, urls: Urls, view: ObjectView) -> None:
    obj, oid = view.obj, view.id
    link(el, REL.SELF, urls.entry(oid), ENTRY_TYPE)
    link(el, REL.EDIT, urls.entry(oid), ENTRY_TYPE)
    link(el, REL.SERVICE, urls.service, SERVICE_TYPE)
    link(el, REL.DESCRIBEDBY, urls.type(obj.type_id), ENTRY_TYPE)
    link(el, REL.ALLOWABLE_ACTIONS, urls.of("allowableactions", id=oid), "application/cmisallowableactions+xml")
    link(el, REL.ACL, urls.of("acl", id=oid), "application/cmisacl+xml")
    if obj.is_folder:
        link(el, REL.DOWN, urls.of("children", id=oid), FEED_TYPE)
        link(el, REL.DOWN, urls.of("descendants", id=oid), TREE_TYPE)
        link(el, REL.FOLDER_TREE, urls.of("foldertree", id=oid), FEED_TYPE)
        if obj.parent_id is not None:
            link(el, REL.UP, urls.entry(obj.parent_id), ENTRY_TYPE)
        return
    if obj.filing_parent_id is not None:
        link(el, REL.UP, urls.of("parents", id=oid), FEED_TYPE)
    if obj.is_document:
        mime = obj.content.mime if obj.content else None
        link(el, REL.EDIT_MEDIA, urls.content(oid), mime)
        if obj.content is not None:
            link(el, REL.ENCLOSURE, urls.content(oid), mime)
        if obj.version_series_id is not None:
            link(el, REL.VERSION_HISTORY, urls.of("versions", id=oid), FEED_TYPE)
            link(el, REL.CURRENT_VERSION, urls.entry(oid, returnVersion="latest"), ENTRY_TYPE)
        if obj.series_pwc_id is not None:
            link(el, REL.WORKING_COPY, urls.entry(obj.series_pwc_id), ENTRY_TYPE)


def object_entry(urls: Urls, types: TypeRegistry, view: ObjectView, opts: EntryOptions, *,
                 parent: etree._Element | None = None,
                 path_segment: str | None = None, relative_segment: str | None = None,
                 columns: list[tuple[str, PropertyDefinition, Any]] | None = None) -> etree._Element:
    """One ``atom:entry`` with ``cmisra:object``; appended to ``parent`` (a feed) when given."""
    from egov_sandbox.atom.names import q

    obj = view.obj
    el = element(ATOM, "entry") if parent is None else etree.SubElement(parent, q(ATOM, "entry"))
    atom_head(el, f"urn:egov-sandbox:object:{obj.id}", obj.name or "/", format_datetime(obj.last_modification_date),
              obj.created_by)
    sub(el, ATOM, "published", format_datetime(obj.creation_date))
    if obj.is_document:  # RFC 4287 §4.1.1.1: content by reference needs a summary
        sub(el, ATOM, "summary", obj.name, type="text")
        sub(el, ATOM, "content", src=urls.content(obj.id),
            type=obj.content.mime if obj.content else "application/octet-stream")
    else:  # RFC 4287 §4.1.1: an entry without content would need an alternate link
        sub(el, ATOM, "content", view.path or obj.name, type="text")
    _links(el, urls, view)
    cmis_object = sub(el, CMISRA, "object")
    if columns is None:
        properties_into(cmis_object, [(pid, d, v) for pid, (d, v) in view.properties.items()], opts.prop_filter)
    else:  # query results: the selected columns under their query names or aliases
        holder = sub(cmis_object, CMIS, "properties")
        for alias, defn, value in columns:
            property_into(holder, defn.id, defn, value, alias)
    if opts.actions is not None:
        actions_into(cmis_object, opts.actions(obj))
    if opts.acl is not None:
        acl_into(cmis_object, opts.acl(obj), decode_acl(obj.acl)[1])
        sub(cmis_object, CMIS, "exactACL", "true")
    if path_segment is not None:
        sub(el, CMISRA, "pathSegment", path_segment)
    if relative_segment is not None:
        sub(el, CMISRA, "relativePathSegment", relative_segment)
    return el
