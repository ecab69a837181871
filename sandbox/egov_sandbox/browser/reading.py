"""GET selectors of the Browser binding (CMIS 1.1 §5.3.2–§5.3.3)."""

from __future__ import annotations

from collections.abc import Callable

from werkzeug.wrappers import Response
from werkzeug.wsgi import wrap_file

from egov_sandbox.browser.context import Call, json_response
from egov_sandbox.browser.render import tree_json, type_json
from egov_sandbox.errors import CmisInvalidArgument, CmisNotSupported
from egov_sandbox.repo import ObjectView
from egov_sandbox.repo.search import QueryPage

__all__ = ["OBJECT_SELECTORS", "REPOSITORY_SELECTORS", "query_json", "run_query"]


def _children(call: Call, view: ObjectView) -> Response:
    page = call.repo.children(view.id, call.user, order_by=call.params.order_by(),
                              max_items=call.params.integer("maxItems"),
                              skip=call.params.integer("skipCount", 0) or 0)
    opts = call.options()
    return json_response({"objects": [{"object": call.object_json(v, opts), "pathSegment": v.obj.name}
                                      for v in page.items],
                          "hasMoreItems": page.has_more, "numItems": page.num_items})


def _depth(call: Call, default: int) -> int:
    value = call.params.get("depth")
    try:
        return default if value in (None, "") else int(value)
    except ValueError:
        raise CmisInvalidArgument("depth must be a number") from None


def _descendants(call: Call, view: ObjectView, folders_only: bool = False) -> Response:
    trees = call.repo.descendants(view.id, call.user, _depth(call, 2), folders_only)
    return json_response(tree_json(call.repo.types, trees, call.options(), call.object_json))


def _parents(call: Call, view: ObjectView) -> Response:
    opts = call.options()
    return json_response([{"object": call.object_json(p, opts), "relativePathSegment": seg}
                          for p, seg in call.repo.parents(view.id, call.user)])


def _parent(call: Call, view: ObjectView) -> Response:
    return json_response(call.object_json(call.repo.folder_parent(view.id, call.user)))


def _content(call: Call, view: ObjectView) -> Response:
    _view, info, stream = call.repo.open_content(view.id, call.user)
    response = Response(wrap_file(call.request.environ, stream), mimetype=info.mime,
                        direct_passthrough=True)
    response.content_length = info.length
    disposition = "attachment" if call.params.get("download", "inline") == "attachment" else "inline"
    if info.filename:
        response.headers.set("Content-Disposition", disposition, filename=info.filename)
    response.set_etag(info.sha256)
    return response.make_conditional(call.request, accept_ranges=True, complete_length=info.length)


def _versions(call: Call, view: ObjectView) -> Response:
    opts = call.options()
    return json_response([call.object_json(v, opts) for v in call.repo.all_versions(view.id, call.user)])


def _acl(call: Call, view: ObjectView) -> Response:
    return json_response({"aces": call.repo.acl_json(view.obj), "isExact": True})


OBJECT_SELECTORS: dict[str, Callable[[Call, ObjectView], Response]] = {
    "object": lambda call, view: json_response(call.object_json(view)),
    "properties": lambda call, view: json_response(call.object_json(view)["properties"]
                                                   if not call.options().succinct else
                                                   call.object_json(view)["succinctProperties"]),
    "allowableactions": lambda call, view: json_response(call.repo.actions_for(view.obj, call.user)),
    "children": _children,
    "descendants": _descendants,
    "foldertree": lambda call, view: _descendants(call, view, folders_only=True),
    "parent": _parent,
    "parents": _parents,
    "content": _content,
    "versions": _versions,
    "acl": _acl,
    "renditions": lambda call, view: json_response([]),
    "relationships": lambda call, view: json_response({"objects": [], "hasMoreItems": False, "numItems": 0}),
    "policies": lambda call, view: json_response([]),
}


def query_json(call: Call, page: QueryPage) -> dict[str, object]:
    opts = call.options()
    from egov_sandbox.browser.render import value_json

    results = []
    for row in page.rows:
        if opts.succinct:
            results.append({"succinctProperties": {k: value_json(v, opts.extended_dates)
                                                   for k, _d, v in row.columns}})
        else:
            results.append({"properties": {k: {
                "id": d.id, "localName": d.local_name, "displayName": d.display_name or d.id,
                "queryName": k, "type": d.property_type, "cardinality": d.cardinality,
                "value": value_json(v, opts.extended_dates)} for k, d, v in row.columns}})
    return {"results": results, "hasMoreItems": page.has_more, "numItems": page.num_items}


def run_query(call: Call) -> Response:
    """query: the statement as ``q`` (GET, §5.3.2) or ``statement`` (POST, §5.4.2), paged."""
    page = call.repo.query(call.params.require("q") if call.params.get("q") else
                           call.params.require("statement"), call.user,
                           max_items=call.params.integer("maxItems"),
                           skip=call.params.integer("skipCount", 0) or 0,
                           search_all_versions=call.params.flag("searchAllVersions"))
    return json_response(query_json(call, page))


def _type_children(call: Call) -> Response:
    types = call.repo.types.children(call.params.get("typeId") or None)
    with_props = call.params.flag("includePropertyDefinitions")
    skip = call.params.integer("skipCount", 0) or 0
    max_items = call.params.integer("maxItems")
    end = None if max_items is None else skip + max_items
    return json_response({"types": [type_json(t, with_props) for t in types[skip:end]],
                          "hasMoreItems": end is not None and end < len(types), "numItems": len(types)})


def _type_tree(call: Call, type_id: str | None, depth: int, with_props: bool) -> list[dict[str, object]]:
    out = []
    for t in call.repo.types.children(type_id):
        node: dict[str, object] = {"type": type_json(t, with_props)}
        if depth != 1:
            node["children"] = _type_tree(call, t.id, depth - 1 if depth > 0 else -1, with_props)
        out.append(node)
    return out


def _type_descendants(call: Call) -> Response:
    depth = _depth(call, -1)
    if depth == 0 or depth < -1:
        raise CmisInvalidArgument("depth must be -1 or a positive number")
    return json_response(_type_tree(call, call.params.get("typeId") or None, depth,
                                    call.params.flag("includePropertyDefinitions")))


def _checked_out(call: Call) -> Response:
    views = call.repo.checked_out(call.user, call.params.get("folderId") or None)
    opts = call.options()
    return json_response({"objects": [{"object": call.object_json(v, opts)} for v in views],
                          "hasMoreItems": False, "numItems": len(views)})


def _not_supported(what: str) -> Callable[[Call], Response]:
    def handler(_call: Call) -> Response:
        raise CmisNotSupported(f"{what} is not supported by this repository")
    return handler


REPOSITORY_SELECTORS: dict[str, Callable[[Call], Response]] = {
    "typechildren": _type_children,
    "typedescendants": _type_descendants,
    "typedefinition": lambda call: json_response(type_json(call.repo.types.get(call.params.require("typeId")))),
    "query": run_query,
    "checkedout": _checked_out,
    "contentchanges": _not_supported("the change log (capabilityChanges)"),
}
