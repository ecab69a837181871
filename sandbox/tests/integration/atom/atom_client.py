"""A small AtomPub test client for one user: service-document driven, every XML answer validated."""

from __future__ import annotations

import base64
from typing import Any

import requests
from atom_schema import ATOM, CMIS, CMISRA, AtomValidator
from lxml import etree

__all__ = ["ACL_REL", "ACL_TYPE", "ENTRY", "NS", "AtomUser", "acl_xml", "entry_xml", "link", "props_of"]

NS = {"atom": ATOM, "cmis": CMIS, "cmisra": CMISRA, "app": "http://www.w3.org/2007/app"}
ENTRY = "application/atom+xml;type=entry"
ACL_TYPE = "application/cmisacl+xml"
ACL_REL = "http://docs.oasis-open.org/ns/cmis/link/200908/acl"
EXT = "urn:egov-sandbox:acl"


def parse(response: requests.Response) -> etree._Element:
    return etree.fromstring(response.content, etree.XMLParser(resolve_entities=False, no_network=True,
                                                              load_dtd=False))


def entry_xml(props: dict[str, tuple[str, Any]], content: bytes | None = None, mime: str = "text/plain") -> bytes:
    """An Atom entry with cmisra:object properties {id: (kind, value or list)} and optional content."""
    root = etree.Element(f"{{{ATOM}}}entry", nsmap={"atom": ATOM, "cmis": CMIS, "cmisra": CMISRA})
    etree.SubElement(root, f"{{{ATOM}}}title").text = "t"
    if content is not None:
        holder = etree.SubElement(root, f"{{{CMISRA}}}content")
        etree.SubElement(holder, f"{{{CMISRA}}}mediatype").text = mime
        etree.SubElement(holder, f"{{{CMISRA}}}base64").text = base64.b64encode(content).decode()
    props_el = etree.SubElement(etree.SubElement(root, f"{{{CMISRA}}}object"), f"{{{CMIS}}}properties")
    for pid, (kind, value) in props.items():
        el = etree.SubElement(props_el, f"{{{CMIS}}}property{kind}", propertyDefinitionId=pid)
        for v in value if isinstance(value, list) else [value]:
            etree.SubElement(el, f"{{{CMIS}}}value").text = v
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def acl_xml(aces: dict[str, list[str]], inherit: bool | None = None, direct: bool = True) -> bytes:
    """A cmis:acl document; ``inherit=False`` adds the sandbox's extension that stops inheritance."""
    root = etree.Element(f"{{{CMIS}}}acl", nsmap={"cmis": CMIS})
    for principal, perms in aces.items():
        ace = etree.SubElement(root, f"{{{CMIS}}}permission")
        etree.SubElement(etree.SubElement(ace, f"{{{CMIS}}}principal"), f"{{{CMIS}}}principalId").text = principal
        for perm in perms:
            etree.SubElement(ace, f"{{{CMIS}}}permission").text = perm
        etree.SubElement(ace, f"{{{CMIS}}}direct").text = "true" if direct else "false"
    if inherit is not None:
        etree.SubElement(root, f"{{{EXT}}}inherit").text = "true" if inherit else "false"
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def link(doc: etree._Element, rel: str, media: str | None = None) -> str:
    for el in doc.findall("atom:link", NS):
        if el.get("rel") == rel and (media is None or (el.get("type") or "").startswith(media)):
            return str(el.get("href"))
    raise AssertionError(f"no link {rel} {media}")


def props_of(doc: etree._Element) -> dict[str, list[str]]:
    out = {}
    for el in doc.find("cmisra:object/cmis:properties", NS):
        out[el.get("propertyDefinitionId")] = [v.text or "" for v in el.findall("cmis:value", NS)]
    return out


def aces_of(doc: etree._Element) -> set[tuple[str, tuple[str, ...], bool]]:
    """(principal, permissions, direct) of a cmis:acl element."""
    return {(a.findtext("cmis:principal/cmis:principalId", namespaces=NS) or "",
             tuple(p.text or "" for p in a.findall("cmis:permission", NS)),
             a.findtext("cmis:direct", namespaces=NS) == "true") for a in doc.findall("cmis:permission", NS)}


class AtomUser:
    """One user's view of the repository over AtomPub."""

    def __init__(self, atom_url: str, auth: tuple[str, str], validator: AtomValidator) -> None:
        self.http = requests.Session()
        self.http.auth = auth
        self.http.hooks["response"] = [validator.check_response]
        self.service = parse(self.http.get(atom_url))
        self.collections = {c.findtext("cmisra:collectionType", namespaces=NS): str(c.get("href"))
                            for c in self.service.iterfind(".//app:collection", NS)}
        self.templates = {t.findtext("cmisra:type", namespaces=NS): t.findtext("cmisra:template", namespaces=NS)
                          for t in self.service.iterfind(".//cmisra:uritemplate", NS)}
        self.entry_url = str(self.templates["objectbyid"]).split("?")[0]

    def get(self, url: str, **params: str) -> requests.Response:
        return self.http.get(url, params=params)

    def entry(self, object_id: str, **params: str) -> requests.Response:
        return self.http.get(self.entry_url, params={"id": object_id, **params})

    def ok(self, response: requests.Response, status: int = 200) -> etree._Element:
        assert response.status_code == status, response.text
        return parse(response)

    def create(self, children_url: str, props: dict[str, tuple[str, Any]], content: bytes | None = None,
               **params: str) -> etree._Element:
        response = self.http.post(children_url, data=entry_xml(props, content), headers={"Content-Type": ENTRY},
                                  params=params)
        return self.ok(response, 201)

    def folder(self, children_url: str, name: str, type_id: str = "cmis:folder") -> etree._Element:
        return self.create(children_url, {"cmis:name": ("String", name), "cmis:objectTypeId": ("Id", type_id)})

    def put_acl(self, entry: etree._Element, body: bytes, **params: str) -> requests.Response:
        return self.http.put(link(entry, ACL_REL), data=body, headers={"Content-Type": ACL_TYPE}, params=params)

    def query(self, statement: str) -> list[dict[str, list[str]]]:
        feed = self.ok(self.http.get(self.collections["query"], params={"q": statement}))
        return [props_of(e) for e in feed.findall("atom:entry", NS)]
