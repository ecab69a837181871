"""The ACL resource of the AtomPub binding (CMIS 1.1 part II §3.3.5, §3.10.5): getACL and applyACL.

``GET acl?id=`` answers a ``cmis:acl`` document: the effective ACL, every ACE with ``cmis:direct``.
``PUT acl?id=[&ACLPropagation=]`` takes a ``cmis:acl`` document and answers the resulting ACL.

What a PUT means: AtomPub has no add/remove lists (and no ACEs on create, §3.1.9: "the Create
operation must be performed first, then the ACL retrieved and updated"). The clients that exist
(OpenCMIS, cmislib) GET the ACL, edit it and PUT back only the *direct* ACEs. So the body's ACEs
with ``cmis:direct`` true (or absent) are the object's complete new set of direct ACEs; ACEs sent
with ``cmis:direct`` false are an echo of inherited ones and ignored. Inheritance is left as it is,
unless the body carries the extension element ``{urn:egov-sandbox:acl}inherit`` = ``false``
(allowed by the schema's ``xs:any ##other`` in ``cmis:acl``): then every inherited ACE is
removed, which stops inheritance (``acl_service``), and the body's direct ACEs are the whole ACL.
GET shows that element when an object does not inherit. Resuming inheritance is not offered.

A direct ACE that is also inherited is not removed unless inheritance stops: removing it through
the core would stop inheritance, and while the object inherits it makes no difference to access.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree
from werkzeug.wrappers import Response

from egov_sandbox.atom.bodies import _parser
from egov_sandbox.atom.context import Call, xml_response
from egov_sandbox.atom.names import CMIS, q
from egov_sandbox.atom.props import EXT, acl_into
from egov_sandbox.errors import CmisConstraint, CmisInvalidArgument
from egov_sandbox.repo.acl import decode_acl

__all__ = ["ACL_TYPE", "get_acl", "put_acl", "read_acl"]

ACL_TYPE = "application/cmisacl+xml"
MAX_ACL_BYTES = 1024 * 1024
Grants = dict[str, frozenset[str]]


def _flag(text: str | None, what: str) -> bool:
    value = (text or "").strip().lower()
    if value not in ("true", "false", "1", "0"):
        raise CmisInvalidArgument(f"{what} must be an xs:boolean")
    return value in ("true", "1")


def read_acl(body: bytes) -> tuple[Grants, bool | None]:
    """(direct ACEs wanted, inherit flag or None) of a ``cmis:acl`` request body."""
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as exc:
        raise CmisInvalidArgument(f"the ACL document is not well-formed XML: {exc.msg}") from None
    if root.getroottree().docinfo.doctype:
        raise CmisInvalidArgument("a DOCTYPE is not allowed in a request body")
    if root.tag != q(CMIS, "acl"):
        raise CmisInvalidArgument("the request body must be a cmis:acl document")
    wanted: Grants = {}
    for ace in root.iterfind(q(CMIS, "permission")):
        principal = (ace.findtext(f"{q(CMIS, 'principal')}/{q(CMIS, 'principalId')}") or "").strip()
        perms = frozenset((p.text or "").strip() for p in ace.iterfind(q(CMIS, "permission")))
        if not principal or not perms:
            raise CmisInvalidArgument("every ACE needs a cmis:principalId and a cmis:permission")
        direct = ace.find(q(CMIS, "direct"))
        if direct is None or _flag(direct.text, "cmis:direct"):
            wanted[principal] = wanted.get(principal, frozenset()) | perms
    inherit = root.find(q(EXT, "inherit"))
    return wanted, (None if inherit is None else _flag(inherit.text, "inherit"))


def _grants(aces: Iterable[Mapping[str, Any]], direct: bool) -> Grants:
    return {a["principal"]["principalId"]: frozenset(a["permissions"]) for a in aces if a["isDirect"] == direct}


def get_acl(call: Call) -> Response:
    obj = call.target().obj
    return xml_response(acl_into(None, call.repo.acl_json(obj), decode_acl(obj.acl)[1]), ACL_TYPE)


def put_acl(call: Call) -> Response:
    view = call.target()
    body = call.request.stream.read(MAX_ACL_BYTES + 1)
    if len(body) > MAX_ACL_BYTES:
        raise CmisInvalidArgument(f"an ACL document may have at most {MAX_ACL_BYTES} bytes")
    wanted, inherit = read_acl(body)
    blocked = decode_acl(view.obj.acl)[1]
    if inherit and blocked:
        raise CmisConstraint("this object does not inherit its ACL; resuming inheritance is not supported")
    current = call.repo.acl_json(view.obj)
    direct, inherited = _grants(current, True), _grants(current, False)
    stop = inherit is False and not blocked
    spared: Grants = {} if stop else inherited  # also inherited: removing it would stop inheritance
    add = [(p, sorted(perms if stop else perms - direct.get(p, frozenset()))) for p, perms in sorted(wanted.items())]
    remove = [(p, sorted(perms - wanted.get(p, frozenset()) - spared.get(p, frozenset())))
              for p, perms in sorted(direct.items())]
    if stop:
        remove += [(p, sorted(perms)) for p, perms in sorted(inherited.items())]
    result = call.repo.apply_acl(view.id, call.user, [a for a in add if a[1]], [r for r in remove if r[1]],
                                 call.params.get("ACLPropagation") or "repositorydetermined")
    return xml_response(acl_into(None, result, blocked or stop), ACL_TYPE)
