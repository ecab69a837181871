"""ObjectService operations (CMIS 1.1 §2.2.4) over SOAP: create, read, content, update, move, delete.

Creates answer only the new id (CMIS-Messaging.xsd); content goes in and out as MTOM parts (or
inline base64 on input), staged to disk by the wire layer before the operation runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from lxml import etree

from egov_sandbox.atom.props import property_into
from egov_sandbox.errors import CmisConstraint, CmisInvalidArgument
from egov_sandbox.repo import ObjectView
from egov_sandbox.ws.call import Call
from egov_sandbox.ws.names import CMIS, m, q, sub
from egov_sandbox.ws.render import answer, object_into
from egov_sandbox.ws.repository import not_supported

__all__ = ["OBJECT", "ContentSlice", "properties_answer"]

Handler = Callable[[Call], etree._Element]


def _id_answer(operation: str, view: ObjectView, with_token: bool = False) -> etree._Element:
    root = answer(operation)
    sub(root, m("objectId"), view.id)
    if with_token:
        sub(root, m("changeToken"), view.obj.change_token)
    return root


def _no_policies(call: Call) -> None:
    if any(p.strip() for p in call.strings("policies")):
        raise CmisConstraint("this repository does not support policies")


def _create_document(call: Call) -> etree._Element:
    call.repository()
    _no_policies(call)
    folder = call.text("folderId")
    staged, mime, filename = call.content()
    if not folder:
        raise CmisConstraint("this repository does not support unfiled objects (capabilityUnfiling)")
    view = call.repo.create_document(folder, call.properties(), call.user, content=staged, mime=mime,
                                     filename=filename, versioning_state=call.text("versioningState") or None,
                                     add_aces=call.aces("addACEs"), remove_aces=call.aces("removeACEs"))
    return _id_answer("createDocument", view)


def _create_folder(call: Call) -> etree._Element:
    call.repository()
    _no_policies(call)
    view = call.repo.create_folder(call.require("folderId"), call.properties(), call.user,
                                   add_aces=call.aces("addACEs"), remove_aces=call.aces("removeACEs"))
    return _id_answer("createFolder", view)


def _get_object(call: Call, operation: str, view: ObjectView) -> etree._Element:
    root = answer(operation)
    object_into(root, m("object"), call, view)
    return root


def properties_answer(call: Call, operation: str, view: ObjectView) -> etree._Element:
    """``cmism:properties`` (a ``cmisPropertiesType``) of ``view``, filtered."""
    root = answer(operation)
    holder, wanted = sub(root, m("properties")), call.prop_filter()
    for pid, (defn, value) in view.properties.items():
        if wanted is None or pid in wanted or pid in ("cmis:objectId", "cmis:baseTypeId", "cmis:objectTypeId"):
            property_into(holder, pid, defn, value)
    return root


def _allowable_actions(call: Call) -> etree._Element:
    call.repository()
    view = call.repo.get_object(call.require("objectId"), call.user)
    root = answer("getAllowableActions")
    holder = sub(root, m("allowableActions"))
    for name, allowed in call.repo.actions_for(view.obj, call.user).items():
        sub(holder, q(CMIS, name), allowed)
    return root


class ContentSlice:
    """An open content file (or a range of it) as a part ``Source``: its size, and itself as the stream."""

    def __init__(self, stream: BinaryIO, offset: int, size: int) -> None:
        self._stream, self.size = stream, size
        stream.seek(offset)

    def open(self) -> ContentSlice:
        return self

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def __enter__(self) -> ContentSlice:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stream.close()


def _content_stream(call: Call) -> etree._Element:
    call.repository()
    if call.text("streamId"):
        raise CmisInvalidArgument("this repository has no renditions (streamId)")
    _view, info, stream = call.repo.open_content(call.require("objectId"), call.user)
    offset = min(call.integer("offset", 0) or 0, info.length)
    length = call.integer("length")
    size = info.length - offset if length is None else min(length, info.length - offset)
    root = answer("getContentStream")
    holder = sub(root, m("contentStream"))
    sub(holder, m("length"), size)
    sub(holder, m("mimeType"), info.mime)
    if info.filename:
        sub(holder, m("filename"), info.filename)
    call.attachments.append((sub(holder, m("stream")), ContentSlice(stream, offset, size)))
    return root


def _update_properties(call: Call) -> etree._Element:
    call.repository()
    raw = {k: v for k, v in call.properties().items() if k not in ("cmis:objectId", "cmis:changeToken")}
    view = call.repo.update_properties(call.require("objectId"), raw, call.user,
                                       change_token=call.text("changeToken") or None)
    return _id_answer("updateProperties", view, with_token=True)


def _move(call: Call) -> etree._Element:
    call.repository()
    view = call.repo.move(call.require("objectId"), call.require("targetFolderId"),
                          call.text("sourceFolderId") or None, call.user)
    return _id_answer("moveObject", view)


def _delete(call: Call) -> etree._Element:
    call.repository()
    call.repo.delete(call.require("objectId"), call.user, call.flag("allVersions", True))
    return answer("deleteObject")


def _delete_tree(call: Call) -> etree._Element:
    call.repository()
    if (call.text("unfileObjects") or "delete") != "delete":
        raise CmisConstraint("this repository does not support unfiling (unfileObjects must be delete)")
    failed = call.repo.delete_tree(call.require("folderId"), call.user, call.flag("allVersions", True),
                                   call.flag("continueOnFailure"))
    root = answer("deleteTree")
    holder = sub(root, m("failedToDelete"))
    for object_id in failed:
        sub(holder, m("objectIds"), object_id)
    return root


def _set_content(call: Call, append: bool) -> etree._Element:
    call.repository()
    staged, mime, filename = call.content()
    if staged is None:
        raise CmisInvalidArgument("contentStream is required")
    object_id, token = call.require("objectId"), call.text("changeToken") or None
    if append:
        view = call.repo.append_content(object_id, staged, call.user, mime=mime, filename=filename,
                                        change_token=token)
    else:
        view = call.repo.set_content(object_id, staged, call.user, mime=mime, filename=filename,
                                     overwrite=call.flag("overwriteFlag", True), change_token=token)
    return _id_answer("appendContentStream" if append else "setContentStream", view, with_token=True)


def _delete_content(call: Call) -> etree._Element:
    call.repository()
    view = call.repo.delete_content(call.require("objectId"), call.user, call.text("changeToken") or None)
    return _id_answer("deleteContentStream", view, with_token=True)


def _object_by_id(call: Call) -> etree._Element:
    call.repository()
    return _get_object(call, "getObject", call.repo.get_object(call.require("objectId"), call.user))


def _object_by_path(call: Call) -> etree._Element:
    call.repository()
    return _get_object(call, "getObjectByPath", call.repo.get_object_by_path(call.require("path"), call.user))


def _properties(call: Call) -> etree._Element:
    call.repository()
    return properties_answer(call, "getProperties", call.repo.get_object(call.require("objectId"), call.user))


def _renditions(call: Call) -> etree._Element:
    call.repository()
    call.repo.get_object(call.require("objectId"), call.user)
    return answer("getRenditions")  # capabilityRenditions: none


OBJECT: dict[str, Handler] = {
    "createDocument": _create_document,
    "createFolder": _create_folder,
    "createDocumentFromSource": not_supported("createDocumentFromSource"),
    "createRelationship": not_supported("relationships"),
    "createPolicy": not_supported("policies"),
    "createItem": not_supported("items"),
    "getAllowableActions": _allowable_actions,
    "getObject": _object_by_id,
    "getProperties": _properties,
    "getRenditions": _renditions,
    "getObjectByPath": _object_by_path,
    "getContentStream": _content_stream,
    "updateProperties": _update_properties,
    "bulkUpdateProperties": not_supported("bulkUpdateProperties"),
    "moveObject": _move,
    "deleteObject": _delete,
    "deleteTree": _delete_tree,
    "setContentStream": lambda call: _set_content(call, append=False),
    "appendContentStream": lambda call: _set_content(call, append=True),
    "deleteContentStream": _delete_content,
}
