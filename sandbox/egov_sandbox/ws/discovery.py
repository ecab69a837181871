"""DiscoveryService, ACLService, PolicyService, RelationshipService and MultiFilingService over SOAP
(CMIS 1.1 §2.2.6, §2.2.10, §2.2.9, §2.2.8, §2.2.5).

Query results carry the selected columns under their query names; ACLs are answered as
``cmisACLType`` with direct and inherited ACEs. The repository has no change log, policies,
relationships or multi-filing: those operations answer ``notSupported``, reads answer empty lists.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from egov_sandbox.errors import CmisInvalidArgument
from egov_sandbox.repo.acl import decode_acl
from egov_sandbox.ws.call import Call
from egov_sandbox.ws.names import m, sub
from egov_sandbox.ws.render import acl_answer, answer, object_into
from egov_sandbox.ws.repository import not_supported

__all__ = ["ACL", "DISCOVERY", "MULTIFILING", "POLICY", "RELATIONSHIP"]

Handler = Callable[[Call], etree._Element]


def _query(call: Call) -> etree._Element:
    call.repository()
    if call.text("includeRelationships") not in (None, "", "none"):
        raise CmisInvalidArgument("this repository has no relationships (includeRelationships must be none)")
    page = call.repo.query(call.require("statement"), call.user, max_items=call.integer("maxItems"),
                           skip=call.integer("skipCount", 0) or 0,
                           search_all_versions=call.flag("searchAllVersions"))
    root = answer("query")
    holder = sub(root, m("objects"))
    for row in page.rows:
        object_into(holder, m("objects"), call, row.view, columns=row.columns)
    sub(holder, m("hasMoreItems"), page.has_more)
    sub(holder, m("numItems"), page.num_items)
    return root


def _acl(call: Call, apply: bool) -> etree._Element:
    call.repository()
    object_id = call.require("objectId")
    if apply:
        call.repo.apply_acl(object_id, call.user, add=call.aces("addACEs"), remove=call.aces("removeACEs"),
                            propagation=call.text("ACLPropagation") or "repositorydetermined")
    view = call.repo.get_object(object_id, call.user)
    return acl_answer("applyACL" if apply else "getACL", call.repo.acl_json(view.obj), decode_acl(view.obj.acl)[1])


def _empty_objects(operation: str, listed: bool) -> Handler:
    """Reads of what the repository does not have: the object must be readable, the list is empty."""

    def handler(call: Call) -> etree._Element:
        call.repository()
        call.repo.get_object(call.require("objectId"), call.user)
        root = answer(operation)
        if listed:  # cmisObjectListType
            holder = sub(root, m("objects"))
            sub(holder, m("hasMoreItems"), False)
            sub(holder, m("numItems"), 0)
        return root
    return handler


DISCOVERY: dict[str, Handler] = {
    "query": _query,
    "getContentChanges": not_supported("the change log (capabilityChanges)"),
}
ACL: dict[str, Handler] = {
    "getACL": lambda call: _acl(call, apply=False),
    "applyACL": lambda call: _acl(call, apply=True),
}
POLICY: dict[str, Handler] = {
    "applyPolicy": not_supported("policies"),
    "removePolicy": not_supported("policies"),
    "getAppliedPolicies": _empty_objects("getAppliedPolicies", listed=False),
}
RELATIONSHIP: dict[str, Handler] = {
    "getObjectRelationships": _empty_objects("getObjectRelationships", listed=True),
}
MULTIFILING: dict[str, Handler] = {
    "addObjectToFolder": not_supported("multi-filing (capabilityMultifiling)"),
    "removeObjectFromFolder": not_supported("unfiling (capabilityUnfiling)"),
}
