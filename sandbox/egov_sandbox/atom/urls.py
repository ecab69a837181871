"""The URL scheme of the AtomPub binding: one resource name per path segment, ids as parameters.

    /cmis/atom                                   service document (also /cmis/atom/{repo})
    /cmis/atom/{repo}/entry?id=|path=            object entry          GET PUT DELETE
    /cmis/atom/{repo}/children?id=               folder children       GET POST
    /cmis/atom/{repo}/descendants?id=            descendants (tree)    GET DELETE (deleteTree)
    /cmis/atom/{repo}/foldertree?id=             folder tree (tree)    GET DELETE (deleteTree)
    /cmis/atom/{repo}/parents?id=                object parents feed   GET
    /cmis/atom/{repo}/content?id=                content stream        GET PUT DELETE
    /cmis/atom/{repo}/versions?id=               all versions feed     GET
    /cmis/atom/{repo}/allowableactions?id=       allowable actions     GET
    /cmis/atom/{repo}/acl?id=[&ACLPropagation=]  ACL (cmis:acl)        GET PUT (applyACL)
    /cmis/atom/{repo}/type?id=                   type entry            GET
    /cmis/atom/{repo}/types[?typeId=]            type children feed    GET
    /cmis/atom/{repo}/typedescendants[?typeId=]  type descendants      GET
    /cmis/atom/{repo}/query                      query collection      GET (?q=) POST
    /cmis/atom/{repo}/checkedout                 checked-out feed      GET POST (checkOut)

The operation key announced to ``gate`` is ``"<METHOD> atom:<resource>"``, e.g. ``"GET atom:entry"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

__all__ = ["RESOURCES", "Urls"]

RESOURCES = ("entry", "children", "descendants", "foldertree", "parents", "content", "versions",
             "allowableactions", "acl", "type", "types", "typedescendants", "query", "checkedout")

_OBJECT_ARGS = ("filter={filter}&includeAllowableActions={includeAllowableActions}"
                "&includePolicyIds={includePolicyIds}&includeRelationships={includeRelationships}"
                "&includeACL={includeACL}&renditionFilter={renditionFilter}")


@dataclass(frozen=True)
class Urls:
    base: str  # http://host:port/cmis/atom
    repository_id: str

    @property
    def service(self) -> str:
        return self.base

    @property
    def repository(self) -> str:
        return f"{self.base}/{quote(self.repository_id, safe='')}"

    def of(self, resource: str, **params: str | int | None) -> str:
        args = {k: v for k, v in params.items() if v is not None}
        return f"{self.repository}/{resource}" + (f"?{urlencode(args)}" if args else "")

    def entry(self, object_id: str, **params: str | int | None) -> str:
        return self.of("entry", id=object_id, **params)

    def content(self, object_id: str) -> str:
        return self.of("content", id=object_id)

    def type(self, type_id: str) -> str:
        return self.of("type", id=type_id)

    def templates(self) -> dict[str, tuple[str, str]]:
        """URI templates of the service document: type -> (template, media type) (§3.7)."""
        repo = self.repository
        return {
            "objectbyid": (f"{repo}/entry?id={{id}}&{_OBJECT_ARGS}", "application/atom+xml;type=entry"),
            "objectbypath": (f"{repo}/entry?path={{path}}&{_OBJECT_ARGS}", "application/atom+xml;type=entry"),
            "typebyid": (f"{repo}/type?id={{id}}", "application/atom+xml;type=entry"),
            "query": (f"{repo}/query?q={{q}}&searchAllVersions={{searchAllVersions}}&maxItems={{maxItems}}"
                      "&skipCount={skipCount}&includeAllowableActions={includeAllowableActions}"
                      "&includeRelationships={includeRelationships}", "application/atom+xml;type=feed"),
        }
