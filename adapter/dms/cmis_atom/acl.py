"""ACLs of new objects over AtomPub: create first, then PUT the ACL (part II §3.1.9, §3.10.5).

AtomPub cannot carry ACEs on create ("the Create operation must be performed first, then the
dependent resource, ACL, retrieved and updated"), so an object with ``NewObject.acl`` costs two
requests: the create POST and one PUT of a ``cmis:acl`` document to the entry's ``acl`` link.

The document lists the new object's complete set of direct ACEs (a new object has none yet, so
nothing needs reading first; this is also what OpenCMIS and cmislib send after their GET).
``acl_inherit=False`` adds ``{urn:egov-sandbox:acl}inherit`` = ``false``, an extension element the
``cmis:acl`` schema allows (``xs:any ##other``): the sandbox then removes the inherited ACEs, which
stops inheritance. A DMS that does not know the element ignores it; the answer (the resulting ACL)
is therefore checked, and an object that still inherits, or lacks an ACE asked for, is refused
with ``NotSupported`` rather than left believed private. The PUT is idempotent (the same direct
set again), so it runs under the retry policy, and a create recovered after a lost answer applies
it again.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from adapter.dms.cmis_atom.bodies import serialize
from adapter.dms.cmis_atom.names import CMIS, q
from adapter.domain.errors import NotSupported
from adapter.ports.dms import Ace

__all__ = ["ACL_REL", "ACL_TYPE", "EXT", "acl_document", "check_applied"]

ACL_REL = "http://docs.oasis-open.org/ns/cmis/link/200908/acl"
ACL_TYPE = "application/cmisacl+xml"
EXT = "urn:egov-sandbox:acl"


def acl_document(aces: Sequence[Ace], inherit: bool) -> bytes:
    """A ``cmis:acl`` document: ``aces`` as direct ACEs, plus the stop-inheritance extension."""
    root = etree.Element(q(CMIS, "acl"), nsmap={"cmis": CMIS})
    for ace in aces:
        holder = etree.SubElement(root, q(CMIS, "permission"))
        etree.SubElement(etree.SubElement(holder, q(CMIS, "principal")), q(CMIS, "principalId")).text = ace.principal
        for permission in ace.permissions:
            etree.SubElement(holder, q(CMIS, "permission")).text = permission
        etree.SubElement(holder, q(CMIS, "direct")).text = "true"
    if not inherit:
        etree.SubElement(root, q(EXT, "inherit"), nsmap={"sbx": EXT}).text = "false"
    return serialize(root)


def check_applied(answer: etree._Element, aces: Sequence[Ace], inherit: bool) -> None:
    """Refuses an answer whose ACL lacks an ACE asked for, or still inherits when it must not."""
    if answer.tag != q(CMIS, "acl"):
        raise NotSupported("the DMS did not answer the ACL update with a cmis:acl document")
    direct: dict[str, set[str]] = {}
    inherited = False
    for ace in answer.iterfind(q(CMIS, "permission")):
        principal = ace.findtext(f"{q(CMIS, 'principal')}/{q(CMIS, 'principalId')}") or ""
        perms = {(p.text or "").strip() for p in ace.iterfind(q(CMIS, "permission"))}
        if (ace.findtext(q(CMIS, "direct")) or "true").strip() in ("false", "0"):
            inherited = True
        else:
            direct.setdefault(principal, set()).update(perms)
    missing = [a.principal for a in aces if not set(a.permissions) <= direct.get(a.principal, set())]
    if missing:
        raise NotSupported("the DMS did not apply every ACE asked for", detail={"missing_aces": len(missing)})
    if not inherit and inherited:
        raise NotSupported("the DMS kept inherited ACEs although the object must not inherit "
                           "(it does not support stopping inheritance over AtomPub)")
