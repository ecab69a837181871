"""POST, PUT and DELETE handlers of the AtomPub binding (§3.8-§3.11): create, move, update,
content, delete, deleteTree, checkOut, checkIn, cancelCheckOut, query.

Uploads (inline ``cmisra:base64`` or a raw media body) are streamed into a staged content file
that is registered with the request, so the app discards it when the operation fails.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from werkzeug.wrappers import Response

from egov_sandbox.atom.acl import put_acl
from egov_sandbox.atom.bodies import EntryInput, chunks, read_entry, read_query
from egov_sandbox.atom.context import Call, xml_response
from egov_sandbox.atom.entries import object_entry
from egov_sandbox.atom.names import ENTRY_TYPE
from egov_sandbox.atom.queries import query_feed
from egov_sandbox.errors import CmisConstraint, CmisInvalidArgument, CmisNotSupported
from egov_sandbox.repo import ObjectView
from egov_sandbox.store.content import StagedContent

__all__ = ["DELETE", "POST", "PUT"]

_ENTRY_MEDIA = ("application/atom+xml", "application/cmisatom+xml")


def _stage(call: Call) -> StagedContent:
    staged = call.repo.content.stage(call.repo.personality.max_content_bytes,
                                     corrupt=call.repo.corrupt_next_upload())
    call.request.__dict__.setdefault("staged", []).append(staged)  # the app discards what is left
    return staged


def _entry_body(call: Call) -> EntryInput:
    return read_entry(call.request.stream, lambda: _stage(call))


def _media_body(call: Call) -> StagedContent:
    return _stage(call).fill_from(chunks(call.request.stream))


def _respond(call: Call, view: ObjectView, status: int) -> Response:
    url = call.urls.entry(view.id)
    headers = {"Location": url, "Content-Location": url} if status == 201 else None
    return xml_response(object_entry(call.urls, call.repo.types, view, call.options()), ENTRY_TYPE, status, headers)


def _slug(call: Call) -> str | None:
    slug = call.request.headers.get("Slug")
    return unquote(slug) if slug else None  # RFC 5023 §9.7: percent-encoded UTF-8


def _create(call: Call, folder: ObjectView, entry: EntryInput) -> ObjectView:
    raw = dict(entry.properties)
    if not raw.get("cmis:name") and entry.title:
        raw["cmis:name"] = entry.title
    type_id = raw.get("cmis:objectTypeId")
    if not isinstance(type_id, str) or not type_id:
        raise CmisInvalidArgument("cmis:objectTypeId is required to create an object")
    base = call.repo.types.get(type_id).base_id
    if base == "cmis:folder":
        if entry.content is not None:
            raise CmisConstraint("a folder cannot have a content stream")
        return call.repo.create_folder(folder.id, raw, call.user)
    if base != "cmis:document":
        raise CmisNotSupported(f"creating {base} objects is not supported by this repository")
    return call.repo.create_document(folder.id, raw, call.user, content=entry.content, mime=entry.mediatype,
                                     filename=str(raw.get("cmis:name") or ""),
                                     versioning_state=call.params.get("versioningState") or None)


def _post_children(call: Call) -> Response:
    folder = call.target()
    if call.request.mimetype not in _ENTRY_MEDIA:  # a media resource: createDocument with that content
        name = _slug(call)
        if not name:
            raise CmisInvalidArgument("a media POST needs a Slug header with the document name")
        staged = _media_body(call)
        view = call.repo.create_document(
            folder.id, {"cmis:name": name, "cmis:objectTypeId": "cmis:document"}, call.user, content=staged,
            mime=call.request.mimetype or "application/octet-stream", filename=name,
            versioning_state=call.params.get("versioningState") or None)
        return _respond(call, view, 201)
    entry = _entry_body(call)
    object_id = entry.properties.get("cmis:objectId")
    source = call.params.get("sourceFolderId")
    if source:
        if not isinstance(object_id, str):
            raise CmisInvalidArgument("moving needs the cmis:objectId of the object in the entry")
        return _respond(call, call.repo.move(object_id, folder.id, source, call.user), 201)
    if object_id:
        raise CmisNotSupported("adding an object to a second folder (multi-filing) is not supported")
    return _respond(call, _create(call, folder, entry), 201)


def _check_out(call: Call) -> Response:
    object_id = _entry_body(call).properties.get("cmis:objectId")
    if not isinstance(object_id, str) or not object_id:
        raise CmisInvalidArgument("checkOut needs the cmis:objectId of the document in the entry")
    return _respond(call, call.repo.check_out(object_id, call.user), 201)


def _query(call: Call) -> Response:
    doc = read_query(call.request.stream)
    return query_feed(call, doc.statement, doc.search_all_versions, doc.max_items, doc.skip,
                      doc.include_allowable_actions, status=201)


def _put_entry(call: Call) -> Response:
    object_id = call.target_id()
    entry = _entry_body(call)
    raw = {k: v for k, v in entry.properties.items() if k not in ("cmis:objectId", "cmis:changeToken")}
    token = call.params.get("changeToken") or entry.properties.get("cmis:changeToken") or None
    if call.params.flag("checkin"):
        view = call.repo.check_in(object_id, call.user, major=call.params.flag("major", True),
                                  comment=call.params.get("checkinComment") or None, raw=raw,
                                  content=entry.content, mime=entry.mediatype, filename=None)
        return _respond(call, view, 200)
    if entry.content is not None:
        raise CmisInvalidArgument("set content through the edit-media link, not by updating the entry")
    return _respond(call, call.repo.update_properties(object_id, raw, call.user, change_token=token), 200)


def _put_content(call: Call) -> Response:
    view = call.repo.get_object(call.target_id(), call.user)
    had_content = view.obj.content is not None
    staged = _media_body(call)
    updated = call.repo.set_content(view.id, staged, call.user, mime=call.request.mimetype or None,
                                    filename=_slug(call), overwrite=call.params.flag("overwriteFlag", True),
                                    change_token=call.params.get("changeToken") or None)
    if had_content:
        return Response(status=204)
    url = call.urls.content(updated.id)
    return Response(status=201, headers={"Location": url, "Content-Location": url})


def _delete_entry(call: Call) -> Response:
    view = call.repo.get_object(call.target_id(), call.user)
    if view.obj.is_pwc:
        call.repo.cancel_check_out(view.id, call.user)
    else:
        call.repo.delete(view.id, call.user, call.params.flag("allVersions", True))
    return Response(status=204)


def _delete_tree(call: Call) -> Response:
    if (call.params.get("unfileObjects") or "delete").lower() != "delete":
        raise CmisConstraint("this repository does not support unfiling (unfileObjects must be delete)")
    failed = call.repo.delete_tree(call.target_id(), call.user, call.params.flag("allVersions", True),
                                   call.params.flag("continueOnFailure"))
    if failed:
        raise CmisConstraint(f"{len(failed)} objects of the tree could not be deleted")
    return Response(status=204)


def _unsupported(what: str) -> Callable[[Call], Response]:
    def handler(_call: Call) -> Response:
        raise CmisNotSupported(f"{what} is not supported by this repository")
    return handler


POST: dict[str, Callable[[Call], Response]] = {
    "children": _post_children,
    "checkedout": _check_out,
    "query": _query,
    "types": _unsupported("type mutability"),
}
PUT: dict[str, Callable[[Call], Response]] = {
    "entry": _put_entry,
    "content": _put_content,
    "acl": put_acl,
}
DELETE: dict[str, Callable[[Call], Response]] = {
    "entry": _delete_entry,
    "content": lambda call: (call.repo.delete_content(call.target_id(), call.user,
                                                      call.params.get("changeToken") or None),
                             Response(status=204))[1],
    "descendants": _delete_tree,
    "foldertree": _delete_tree,
}
