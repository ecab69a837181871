"""GET handlers of the AtomPub binding: entries, feeds, trees, content, types (§3.6-§3.11)."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree
from werkzeug.wrappers import Response
from werkzeug.wsgi import wrap_file

from egov_sandbox.atom.acl import get_acl
from egov_sandbox.atom.context import Call, xml_response
from egov_sandbox.atom.entries import object_entry
from egov_sandbox.atom.feeds import feed, tree_into
from egov_sandbox.atom.names import ACTIONS_TYPE, ENTRY_TYPE, FEED_TYPE, TREE_TYPE
from egov_sandbox.atom.props import actions_into
from egov_sandbox.atom.queries import checked_out, query_feed
from egov_sandbox.atom.typedefs import type_entry
from egov_sandbox.errors import CmisInvalidArgument
from egov_sandbox.repo import ObjectView
from egov_sandbox.typesystem import TypeDefinition

__all__ = ["GET"]


def _entry(call: Call) -> Response:
    view = call.target()
    which = (call.params.get("returnVersion") or "this").lower()
    if which not in ("this", "latest", "latestmajor"):
        raise CmisInvalidArgument("returnVersion must be this, latest or latestmajor")
    if which != "this" and view.obj.is_document:
        view = call.repo.latest_version(view.id, call.user, major=which == "latestmajor")
    return xml_response(object_entry(call.urls, call.repo.types, view, call.options()), ENTRY_TYPE)


def _children(call: Call) -> Response:
    folder = call.target()
    page = call.repo.children(folder.id, call.user, order_by=call.params.order_by(),
                              max_items=call.params.integer("maxItems"),
                              skip=call.params.integer("skipCount", 0) or 0)
    root = feed(call.urls, f"urn:egov-sandbox:children:{folder.id}", folder.obj.name or "/",
                call.request.url, via=call.urls.entry(folder.id), paging=call.paging(page.has_more, page.num_items))
    opts, segments = call.options(), call.params.flag("includePathSegment")
    for view in page.items:
        object_entry(call.urls, call.repo.types, view, opts, parent=root,
                     path_segment=view.obj.name if segments else None)
    return xml_response(root, FEED_TYPE)


def _depth(call: Call, default: int) -> int:
    depth = call.params.get("depth")
    try:
        return default if depth in (None, "") else int(depth)
    except ValueError:
        raise CmisInvalidArgument("depth must be a number") from None


def _tree(call: Call, folders_only: bool) -> Response:
    folder = call.target()
    trees = call.repo.descendants(folder.id, call.user, _depth(call, 2 if not folders_only else -1), folders_only)
    root = feed(call.urls, f"urn:egov-sandbox:tree:{folder.id}", folder.obj.name or "/", call.request.url,
                via=call.urls.entry(folder.id), self_type=TREE_TYPE)
    tree_into(root, call.urls, call.repo.types, trees, call.options())
    return xml_response(root, TREE_TYPE if not folders_only else FEED_TYPE)


def _parents(call: Call) -> Response:
    view = call.target()
    root = feed(call.urls, f"urn:egov-sandbox:parents:{view.id}", view.obj.name, call.request.url,
                via=call.urls.entry(view.id))
    for parent, segment in call.repo.parents(view.id, call.user):
        object_entry(call.urls, call.repo.types, parent, call.options(), parent=root, relative_segment=segment)
    return xml_response(root, FEED_TYPE)


def _content(call: Call) -> Response:
    _view, info, stream = call.repo.open_content(call.target_id(), call.user)
    response = Response(wrap_file(call.request.environ, stream), mimetype=info.mime, direct_passthrough=True)
    response.content_length = info.length
    if info.filename:
        response.headers.set("Content-Disposition", "attachment", filename=info.filename)
    response.set_etag(info.sha256)
    return response.make_conditional(call.request, accept_ranges=True, complete_length=info.length)


def _versions(call: Call) -> Response:
    object_id = call.target_id()
    versions = call.repo.all_versions(object_id, call.user)
    root = feed(call.urls, f"urn:egov-sandbox:versions:{object_id}", "versions", call.request.url,
                num_items=len(versions))
    for view in versions:
        object_entry(call.urls, call.repo.types, view, call.options(), parent=root)
    return xml_response(root, FEED_TYPE)


def _actions(call: Call) -> Response:
    view: ObjectView = call.target()
    return xml_response(actions_into(None, call.repo.actions_for(view.obj, call.user)), ACTIONS_TYPE)


def _type_list(call: Call) -> tuple[TypeDefinition | None, list[TypeDefinition]]:
    type_id = call.params.get("typeId") or None
    parent = call.repo.types.get(type_id) if type_id else None
    return parent, call.repo.types.children(type_id)


def _types(call: Call) -> Response:
    parent, types = _type_list(call)
    skip, max_items = call.params.integer("skipCount", 0) or 0, call.params.integer("maxItems")
    end = None if max_items is None else skip + max_items
    root = feed(call.urls, f"urn:egov-sandbox:types:{parent.id if parent else ''}", "types", call.request.url,
                via=call.urls.type(parent.id) if parent else None,
                paging=call.paging(end is not None and end < len(types), len(types)))
    with_props = call.params.flag("includePropertyDefinitions")
    for t in types[skip:end]:
        type_entry(call.urls, t, with_props, parent=root)
    return xml_response(root, FEED_TYPE)


def _type_tree(call: Call, parent_feed: etree._Element, types: list[TypeDefinition], depth: int,
               with_props: bool) -> None:
    from egov_sandbox.atom.names import CMISRA, sub

    for t in types:
        entry = type_entry(call.urls, t, with_props, parent=parent_feed)
        below = call.repo.types.children(t.id)
        if below and depth != 1:
            nested = feed(call.urls, f"urn:egov-sandbox:types:{t.id}", t.id,
                          call.urls.of("typedescendants", typeId=t.id), parent=sub(entry, CMISRA, "children"),
                          num_items=len(below), self_type=TREE_TYPE)
            _type_tree(call, nested, below, depth - 1 if depth > 0 else -1, with_props)


def _type_descendants(call: Call) -> Response:
    parent, types = _type_list(call)
    depth = _depth(call, -1)
    if depth == 0 or depth < -1:
        raise CmisInvalidArgument("depth must be -1 or a positive number")
    root = feed(call.urls, f"urn:egov-sandbox:typetree:{parent.id if parent else ''}", "type descendants",
                call.request.url, self_type=TREE_TYPE)
    _type_tree(call, root, types, depth, call.params.flag("includePropertyDefinitions"))
    return xml_response(root, TREE_TYPE)


GET: dict[str, Callable[[Call], Response]] = {
    "entry": _entry,
    "children": _children,
    "descendants": lambda call: _tree(call, folders_only=False),
    "foldertree": lambda call: _tree(call, folders_only=True),
    "parents": _parents,
    "content": _content,
    "versions": _versions,
    "allowableactions": _actions,
    "type": lambda call: xml_response(type_entry(call.urls, call.repo.types.get(call.params.require("id"))),
                                      ENTRY_TYPE),
    "types": _types,
    "typedescendants": _type_descendants,
    "query": lambda call: query_feed(call, call.params.require("q"), call.params.flag("searchAllVersions"),
                                     call.params.integer("maxItems"), call.params.integer("skipCount", 0) or 0,
                                     call.params.flag("includeAllowableActions")),
    "checkedout": checked_out,
    "acl": get_acl,
}
