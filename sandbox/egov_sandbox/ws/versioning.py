"""VersioningService operations (CMIS 1.1 §2.2.7) over SOAP: checkOut, cancelCheckOut, checkIn, versions."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from egov_sandbox.ws.call import Call
from egov_sandbox.ws.names import m, sub
from egov_sandbox.ws.objects import properties_answer
from egov_sandbox.ws.render import answer, object_into

__all__ = ["VERSIONING"]

Handler = Callable[[Call], etree._Element]


def _check_out(call: Call) -> etree._Element:
    call.repository()
    pwc = call.repo.check_out(call.require("objectId"), call.user)
    root = answer("checkOut")
    sub(root, m("objectId"), pwc.id)
    sub(root, m("contentCopied"), pwc.obj.content is not None)
    return root


def _cancel_check_out(call: Call) -> etree._Element:
    call.repository()
    call.repo.cancel_check_out(call.require("objectId"), call.user)
    return answer("cancelCheckOut")


def _check_in(call: Call) -> etree._Element:
    call.repository()
    staged, mime, filename = call.content()
    raw = {k: v for k, v in call.properties().items() if k not in ("cmis:objectId", "cmis:changeToken")}
    view = call.repo.check_in(call.require("objectId"), call.user, major=call.flag("major", True),
                              comment=call.text("checkinComment") or None, raw=raw, content=staged,
                              mime=mime, filename=filename)
    root = answer("checkIn")
    sub(root, m("objectId"), view.id)
    return root


def _latest(call: Call, operation: str) -> etree._Element:
    call.repository()
    view = call.repo.latest_version(call.require("objectId"), call.user, call.flag("major"))
    if operation == "getPropertiesOfLatestVersion":
        return properties_answer(call, operation, view)
    root = answer(operation)
    object_into(root, m("object"), call, view)
    return root


def _all_versions(call: Call) -> etree._Element:
    call.repository()
    root = answer("getAllVersions")
    for view in call.repo.all_versions(call.require("objectId"), call.user):
        object_into(root, m("objects"), call, view)
    return root


VERSIONING: dict[str, Handler] = {
    "checkOut": _check_out,
    "cancelCheckOut": _cancel_check_out,
    "checkIn": _check_in,
    "getObjectOfLatestVersion": lambda call: _latest(call, "getObjectOfLatestVersion"),
    "getPropertiesOfLatestVersion": lambda call: _latest(call, "getPropertiesOfLatestVersion"),
    "getAllVersions": _all_versions,
}
