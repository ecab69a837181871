"""POST actions of the Browser binding (CMIS 1.1 §5.4.2–§5.4.4)."""

from __future__ import annotations

from collections.abc import Callable

from werkzeug.wrappers import Response

from egov_sandbox.browser.context import Call, json_response
from egov_sandbox.browser.reading import run_query
from egov_sandbox.errors import CmisConstraint, CmisInvalidArgument, CmisNotSupported
from egov_sandbox.repo import ObjectView

__all__ = ["OBJECT_ACTIONS", "REPOSITORY_ACTIONS"]


def _created(call: Call, view: ObjectView) -> Response:
    return json_response(call.object_json(view), 201, {"Location": call.object_url(view.id)})


def _create_document(call: Call, target: ObjectView) -> Response:
    staged, mime, filename = call.content_part()
    view = call.repo.create_document(target.id, call.params.properties(), call.user, content=staged,
                                     mime=mime, filename=filename,
                                     versioning_state=call.params.get("versioningState") or None,
                                     add_aces=call.params.aces("addACE"),
                                     remove_aces=call.params.aces("removeACE"))
    return _created(call, view)


def _create_folder(call: Call, target: ObjectView) -> Response:
    return _created(call, call.repo.create_folder(target.id, call.params.properties(), call.user,
                                                  add_aces=call.params.aces("addACE"),
                                                  remove_aces=call.params.aces("removeACE")))


def _update(call: Call, target: ObjectView) -> Response:
    view = call.repo.update_properties(
        target.id, call.params.properties(), call.user,
        add_secondary=call.params.indexed_list("addSecondaryTypeId"),
        remove_secondary=call.params.indexed_list("removeSecondaryTypeId"),
        change_token=call.params.get("changeToken") or None)
    return json_response(call.object_json(view))


def _set_content(call: Call, target: ObjectView) -> Response:
    staged, mime, filename = call.content_part()
    if staged is None:
        raise CmisInvalidArgument("setContent needs a content part")
    had_content = target.obj.content is not None
    view = call.repo.set_content(target.id, staged, call.user, mime=mime, filename=filename,
                                 overwrite=call.params.flag("overwriteFlag", True),
                                 change_token=call.params.get("changeToken") or None)
    return json_response(call.object_json(view), 200 if had_content else 201,
                         {"Location": call.object_url(view.id)})


def _append_content(call: Call, target: ObjectView) -> Response:
    staged, mime, filename = call.content_part()
    if staged is None:
        raise CmisInvalidArgument("appendContent needs a content part")
    view = call.repo.append_content(target.id, staged, call.user, mime=mime, filename=filename,
                                    change_token=call.params.get("changeToken") or None)
    return json_response(call.object_json(view))


def _delete_content(call: Call, target: ObjectView) -> Response:
    view = call.repo.delete_content(target.id, call.user, call.params.get("changeToken") or None)
    return json_response(call.object_json(view))


def _delete(call: Call, target: ObjectView) -> Response:
    call.repo.delete(target.id, call.user, call.params.flag("allVersions", True))
    return Response(status=200)


def _delete_tree(call: Call, target: ObjectView) -> Response:
    if (call.params.get("unfileObjects") or "delete").lower() != "delete":
        raise CmisConstraint("this repository does not support unfiling (unfileObjects must be delete)")
    failed = call.repo.delete_tree(target.id, call.user, call.params.flag("allVersions", True),
                                   call.params.flag("continueOnFailure"))
    return json_response({"ids": failed}) if failed else Response(status=200)


def _move(call: Call, target: ObjectView) -> Response:
    view = call.repo.move(target.id, call.params.require("targetFolderId"),
                          call.params.get("sourceFolderId") or None, call.user)
    return _created(call, view)


def _check_out(call: Call, target: ObjectView) -> Response:
    return _created(call, call.repo.check_out(target.id, call.user))


def _cancel_check_out(call: Call, target: ObjectView) -> Response:
    call.repo.cancel_check_out(target.id, call.user)
    return Response(status=200)


def _check_in(call: Call, target: ObjectView) -> Response:
    staged, mime, filename = call.content_part()
    view = call.repo.check_in(target.id, call.user, major=call.params.flag("major", True),
                              comment=call.params.get("checkinComment"),
                              raw=call.params.properties(), content=staged, mime=mime, filename=filename)
    return _created(call, view)


def _apply_acl(call: Call, target: ObjectView) -> Response:
    acl = call.repo.apply_acl(target.id, call.user, add=call.params.aces("addACE"),
                              remove=call.params.aces("removeACE"),
                              propagation=call.params.get("ACLPropagation") or "repositorydetermined")
    return json_response({"aces": acl, "isExact": True})


def _unsupported(what: str) -> Callable[[Call, ObjectView], Response]:
    def handler(_call: Call, _target: ObjectView) -> Response:
        raise CmisNotSupported(f"{what} is not supported by this repository")
    return handler


OBJECT_ACTIONS: dict[str, Callable[[Call, ObjectView], Response]] = {
    "createdocument": _create_document,
    "createfolder": _create_folder,
    "update": _update,
    "setcontent": _set_content,
    "appendcontent": _append_content,
    "deletecontent": _delete_content,
    "delete": _delete,
    "deletetree": _delete_tree,
    "move": _move,
    "checkout": _check_out,
    "cancelcheckout": _cancel_check_out,
    "checkin": _check_in,
    "applyacl": _apply_acl,
    "addobjecttofolder": _unsupported("multi-filing"),
    "removeobjectfromfolder": _unsupported("unfiling"),
    "createrelationship": _unsupported("relationships"),
    "createpolicy": _unsupported("policies"),
    "applypolicy": _unsupported("policies"),
    "removepolicy": _unsupported("policies"),
    "createitem": _unsupported("items"),
    "createdocumentfromsource": _unsupported("createDocumentFromSource"),
}


def _unfiled(_call: Call) -> Response:
    raise CmisConstraint("this repository does not support unfiled objects (capabilityUnfiling)")


def _repo_unsupported(what: str) -> Callable[[Call], Response]:
    def handler(_call: Call) -> Response:
        raise CmisNotSupported(f"{what} is not supported by this repository")
    return handler


REPOSITORY_ACTIONS: dict[str, Callable[[Call], Response]] = {
    "query": run_query,
    "createdocument": _unfiled,
    "createtype": _repo_unsupported("type mutability"),
    "updatetype": _repo_unsupported("type mutability"),
    "deletetype": _repo_unsupported("type mutability"),
    "bulkupdate": _repo_unsupported("bulkUpdate"),
}
