"""RepositoryService and NavigationService operations (CMIS 1.1 §2.2.2, §2.2.3) over SOAP."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from egov_sandbox.atom.service import repository_info_into
from egov_sandbox.atom.typedefs import type_into
from egov_sandbox.browser.binding import repository_info
from egov_sandbox.errors import CmisConstraint, CmisInvalidArgument, CmisNotSupported
from egov_sandbox.ws.call import Call
from egov_sandbox.ws.names import m, sub
from egov_sandbox.ws.render import answer, containers_into, object_into, objects_into, types_into

__all__ = ["NAVIGATION", "REPOSITORY", "not_supported"]

Handler = Callable[[Call], etree._Element]


def not_supported(what: str) -> Handler:
    def handler(call: Call) -> etree._Element:
        call.repository()
        raise CmisNotSupported(f"{what} is not supported by this repository")
    return handler


def _repositories(call: Call) -> etree._Element:
    root, p = answer("getRepositories"), call.repo.personality
    entry = sub(root, m("repositories"))
    sub(entry, m("repositoryId"), p.repository_id)
    sub(entry, m("repositoryName"), p.repository_name)
    return root


def _repository_info(call: Call) -> etree._Element:
    call.repository()
    root = answer("getRepositoryInfo")
    repository_info_into(root, repository_info(call.repo, "", ""), tag=m("repositoryInfo"))
    return root


def _type_children(call: Call) -> etree._Element:
    call.repository()
    types = call.repo.types.children(call.text("typeId") or None)
    skip, max_items = call.integer("skipCount", 0) or 0, call.integer("maxItems")
    end = None if max_items is None else skip + max_items
    root = answer("getTypeChildren")
    holder = sub(root, m("types"))
    for t in types[skip:end]:
        type_into(holder, t, call.flag("includePropertyDefinitions"), tag=m("types"))
    sub(holder, m("hasMoreItems"), end is not None and end < len(types))
    sub(holder, m("numItems"), len(types))
    return root


def _depth(call: Call, default: int) -> int:
    raw = call.text("depth")
    try:
        depth = default if raw is None or not raw.strip() else int(raw)
    except ValueError:
        raise CmisInvalidArgument("depth must be an xs:integer") from None
    if depth == 0 or depth < -1:
        raise CmisInvalidArgument("depth must be -1 or a positive number")
    return depth


def _type_descendants(call: Call) -> etree._Element:
    call.repository()
    root = answer("getTypeDescendants")
    types_into(root, m("types"), call, call.repo.types.children(call.text("typeId") or None), _depth(call, -1),
               call.flag("includePropertyDefinitions"))
    return root


def _type_definition(call: Call) -> etree._Element:
    call.repository()
    root = answer("getTypeDefinition")
    type_into(root, call.repo.types.get(call.require("typeId")), True, tag=m("type"))
    return root


REPOSITORY: dict[str, Handler] = {
    "getRepositories": _repositories,
    "getRepositoryInfo": _repository_info,
    "getTypeChildren": _type_children,
    "getTypeDescendants": _type_descendants,
    "getTypeDefinition": _type_definition,
    "createType": not_supported("type mutability"),
    "updateType": not_supported("type mutability"),
    "deleteType": not_supported("type mutability"),
}


def _children(call: Call) -> etree._Element:
    call.repository()
    page = call.repo.children(call.require("folderId"), call.user, order_by=call.order_by(),
                              max_items=call.integer("maxItems"), skip=call.integer("skipCount", 0) or 0)
    root = answer("getChildren")
    objects_into(root, m("objects"), call, page.items, page.has_more, page.num_items, in_folder=True)
    return root


def _descendants(call: Call, folders_only: bool) -> etree._Element:
    call.repository()
    trees = call.repo.descendants(call.require("folderId"), call.user, _depth(call, 2), folders_only)
    root = answer("getFolderTree" if folders_only else "getDescendants")
    containers_into(root, m("objects"), call, trees)
    return root


def _folder_parent(call: Call) -> etree._Element:
    call.repository()
    root = answer("getFolderParent")
    object_into(root, m("object"), call, call.repo.folder_parent(call.require("folderId"), call.user))
    return root


def _object_parents(call: Call) -> etree._Element:
    call.repository()
    root = answer("getObjectParents")
    view = call.repo.get_object(call.require("objectId"), call.user)
    if view.obj.is_folder:
        raise CmisConstraint("getObjectParents is for non-folder objects; use getFolderParent")
    for parent, segment in call.repo.parents(view.id, call.user):
        holder = sub(root, m("parents"))
        object_into(holder, m("object"), call, parent)
        if call.flag("includeRelativePathSegment"):
            sub(holder, m("relativePathSegment"), segment)
    return root


def _checked_out(call: Call) -> etree._Element:
    call.repository()
    views = call.repo.checked_out(call.user, call.text("folderId") or None)
    skip, max_items = call.integer("skipCount", 0) or 0, call.integer("maxItems")
    end = None if max_items is None else skip + max_items
    root = answer("getCheckedOutDocs")
    objects_into(root, m("objects"), call, views[skip:end], end is not None and end < len(views), len(views))
    return root


NAVIGATION: dict[str, Handler] = {
    "getChildren": _children,
    "getDescendants": lambda call: _descendants(call, False),
    "getFolderTree": lambda call: _descendants(call, True),
    "getFolderParent": _folder_parent,
    "getObjectParents": _object_parents,
    "getCheckedOutDocs": _checked_out,
}
