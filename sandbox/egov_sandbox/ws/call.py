"""What one Web Services operation needs: the repository, the user, and its arguments read by namespace.

The operation element (``cmism:createDocument`` ...) holds the arguments as messaging-namespace
children (CMIS-Messaging.xsd); properties, ACEs and content streams are core/messaging types read
into the shapes the repository takes (wire strings, ``[(principal, [permission])]``, staged files).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from adapter.soap.multipart import Source
from egov_sandbox.atom.props import KIND_OF
from egov_sandbox.errors import CmisInvalidArgument, CmisObjectNotFound
from egov_sandbox.repo import Repository
from egov_sandbox.store.content import StagedContent
from egov_sandbox.ws.names import CMIS, m, q

__all__ = ["Call"]

_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


@dataclass
class Call:
    repo: Repository
    user: str
    op: etree._Element  # the operation element of the request body
    contents: dict[etree._Element, StagedContent] = field(default_factory=dict)
    #: elements of the answer whose content goes out as an MTOM part (getContentStream)
    attachments: list[tuple[etree._Element, Source]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(etree.QName(self.op).localname)

    def text(self, name: str, parent: etree._Element | None = None) -> str | None:
        el = (self.op if parent is None else parent).find(m(name))
        if el is None or el.get(q("http://www.w3.org/2001/XMLSchema-instance", "nil")) in ("true", "1"):
            return None
        return str(el.text or "")

    def require(self, name: str) -> str:
        value = self.text(name)
        if not value:
            raise CmisInvalidArgument(f"{name} is required")
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.text(name)
        if value is None or not value.strip():
            return default
        if value.strip() not in _BOOLEANS:
            raise CmisInvalidArgument(f"{name} must be an xs:boolean")
        return _BOOLEANS[value.strip()]

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.text(name)
        if value is None or not value.strip():
            return default
        try:
            number = int(value.strip())
        except ValueError:
            raise CmisInvalidArgument(f"{name} must be an xs:integer") from None
        if number < 0:
            raise CmisInvalidArgument(f"{name} must not be negative")
        return number

    def repository(self) -> None:
        """Every operation but getRepositories names the repository: it must be ours."""
        wanted = self.require("repositoryId")
        if wanted != self.repo.personality.repository_id:
            raise CmisObjectNotFound(f"repository {wanted!r} not found")

    def strings(self, name: str) -> list[str]:
        return [el.text or "" for el in self.op.findall(m(name))]

    def properties(self, name: str = "properties") -> dict[str, Any]:
        """``cmisPropertiesType`` as wire values: id -> string, list of strings, or None (no values)."""
        out: dict[str, Any] = {}
        holder = self.op.find(m(name))
        for prop in holder if holder is not None else ():
            if not isinstance(prop.tag, str) or not prop.tag.startswith(f"{{{CMIS}}}"):
                continue
            if etree.QName(prop).localname not in KIND_OF:
                raise CmisInvalidArgument(f"unknown property element {etree.QName(prop).localname!r}")
            pid = prop.get("propertyDefinitionId")
            if not pid:
                raise CmisInvalidArgument("a property element lacks propertyDefinitionId")
            values = [v.text or "" for v in prop.findall(q(CMIS, "value"))]
            out[pid] = values[0] if len(values) == 1 else (values or None)
        return out

    def aces(self, name: str) -> list[tuple[str, list[str]]]:
        """``cmisAccessControlListType`` as ``[(principal, [permission, ...])]``."""
        out = []
        holder = self.op.find(m(name))
        for ace in holder.findall(q(CMIS, "permission")) if holder is not None else ():
            principal = ace.findtext(f"{q(CMIS, 'principal')}/{q(CMIS, 'principalId')}")
            permissions = [p.text or "" for p in ace.findall(q(CMIS, "permission"))]
            if not principal or not permissions:
                raise CmisInvalidArgument(f"an ACE of {name} needs a principalId and a permission")
            out.append((principal, permissions))
        return out

    def content(self, name: str = "contentStream") -> tuple[StagedContent | None, str | None, str | None]:
        """The staged content stream (MTOM part or inline base64), its media type and file name."""
        holder = self.op.find(m(name))
        if holder is None:
            return None, None, None
        stream = holder.find(m("stream"))
        staged = self.contents.get(stream) if stream is not None else None
        if staged is None:
            raise CmisInvalidArgument(f"{name} has no stream")
        return staged, self.text("mimeType", holder) or None, self.text("filename", holder) or None

    def prop_filter(self) -> set[str] | None:
        raw = self.text("filter")
        if raw is None or raw.strip() in ("", "*"):
            return None
        return {p.strip() for p in raw.split(",") if p.strip()}

    def order_by(self) -> list[tuple[str, bool]]:
        out = []
        for part in (self.text("orderBy") or "").split(","):
            words = part.split()
            if not words:
                continue
            if len(words) > 2 or (len(words) == 2 and words[1].upper() not in ("ASC", "DESC")):
                raise CmisInvalidArgument("invalid orderBy")
            out.append((words[0], len(words) == 1 or words[1].upper() == "ASC"))
        return out
