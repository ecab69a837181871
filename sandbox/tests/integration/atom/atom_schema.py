"""Validation of AtomPub responses against the OASIS CMIS schemas, offline.

How the CMIS 1.1 AtomPub elements are validated: there is no CMIS 1.1 ``CMIS-RestAtom.xsd`` in
/work/shared, only the 1.0 one (with errata). CMIS 1.1 keeps the ``restatom/200908`` namespace and
only adds to it (``cmisra:bulkUpdate`` and the ``bulkupdate`` collection type, which this repository
does not offer). We therefore compile one wrapper schema that imports the 1.1 ``CMIS-Core.xsd`` and
the 1.0 ``CMIS-RestAtom.xsd``, with a resolver that sends RestAtom's own import of
``CMIS-Core.xsd`` to the 1.1 file (so ``cmisra:object`` holds 1.1 objects, e.g.
``cmis:secondaryObjectTypeIds`` and 1.1 repository capabilities) and refuses every other location.
A 1.1-only ``cmisra`` element in a response would fail validation (no global declaration), which is
what we want until such an element is deliberately emitted and this helper taught about it.

There is no Atom/AtomPub XSD: every ``cmis:``/``cmisra:`` element whose parent is an Atom or AtomPub
element is validated as its own document, and the Atom structure is checked with assertions
(RFC 4287 §4.1: id, title, updated, author; content or alternate link; summary with content src;
link ``rel`` values from the RestAtom link-relation enumeration or IANA).
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

__all__ = ["APP", "ATOM", "CMIS", "CMISRA", "AtomValidator", "shared_dir"]

ATOM = "http://www.w3.org/2005/Atom"
APP = "http://www.w3.org/2007/app"
CMIS = "http://docs.oasis-open.org/ns/cmis/core/200908/"
CMISRA = "http://docs.oasis-open.org/ns/cmis/restatom/200908/"
XS = "http://www.w3.org/2001/XMLSchema"
XML_MEDIA = ("application/atom+xml", "application/atomsvc+xml", "application/cmisquery+xml",
             "application/cmisallowableactions+xml", "application/cmistree+xml", "application/cmisatom+xml",
             "application/cmisacl+xml")
IANA_RELS = {"alternate", "enclosure", "related", "self", "via", "edit", "edit-media", "first", "last", "next",
             "previous", "service", "describedby", "up", "down", "version-history", "current-version",
             "working-copy"}


def shared_dir() -> Path:
    return Path(os.environ.get("EGOV_SHARED_DIR", Path(__file__).resolve().parents[5] / "shared"))


class _LocalOnly(etree.Resolver):
    def __init__(self, files: dict[str, Path]) -> None:
        super().__init__()
        self.files = files

    def resolve(self, system_url: str, public_id: str, context: object) -> object:
        name = system_url.rsplit("/", 1)[-1]
        if name not in self.files:
            raise OSError(f"schema location {system_url!r} refused (offline validation)")
        return self.resolve_filename(str(self.files[name]), context)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class AtomValidator:
    def __init__(self, shared: Path | None = None) -> None:
        root = (shared or shared_dir()) / "cmis"
        files = {"CMIS-Core.xsd": root / "1.1" / "CMIS-Core.xsd",
                 "CMIS-RestAtom.xsd": root / "1.0" / "CMIS-RestAtom.xsd"}
        parser = _parser()
        parser.resolvers.add(_LocalOnly(files))
        wrapper = (f'<xs:schema xmlns:xs="{XS}" targetNamespace="urn:egov:test:cmis-wrapper">'
                   f'<xs:import namespace="{CMIS}" schemaLocation="{files["CMIS-Core.xsd"]}"/>'
                   f'<xs:import namespace="{CMISRA}" schemaLocation="{files["CMIS-RestAtom.xsd"]}"/></xs:schema>')
        self.schema = etree.XMLSchema(etree.fromstring(wrapper.encode(), parser))
        restatom = etree.parse(str(files["CMIS-RestAtom.xsd"]), _parser())
        self.link_rels = set(restatom.xpath("//xs:simpleType[@name='enumLinkRelations']//xs:enumeration/@value",
                                            namespaces={"xs": XS})) | IANA_RELS
        self.checked = 0

    # --- the CMIS parts ----------------------------------------------------------------------

    def cmis_problems(self, doc: etree._Element) -> list[str]:
        problems = []
        for el in doc.iter(f"{{{CMIS}}}*", f"{{{CMISRA}}}*"):
            parent = el.getparent()
            if parent is not None and etree.QName(parent).namespace in (CMIS, CMISRA):
                continue
            part = etree.fromstring(etree.tostring(el), _parser())
            if not self.schema.validate(part):
                problems += [f"{etree.QName(el).localname}: {e.message}" for e in self.schema.error_log]
        return problems

    # --- the Atom structure ------------------------------------------------------------------

    def _atom_problems(self, doc: etree._Element) -> list[str]:
        problems = []
        for el in doc.iter(f"{{{ATOM}}}feed", f"{{{ATOM}}}entry"):
            kind = etree.QName(el).localname
            for name in ("id", "title", "updated"):
                if len(el.findall(f"{{{ATOM}}}{name}")) != 1:
                    problems.append(f"atom:{kind} needs exactly one atom:{name}")
            if el.find(f"{{{ATOM}}}author") is None and not (kind == "entry" and el.getparent() is not None):
                problems.append(f"atom:{kind} needs an atom:author")
            if kind == "entry":
                content = el.find(f"{{{ATOM}}}content")
                alternate = el.find(f"{{{ATOM}}}link[@rel='alternate']")
                if content is None and alternate is None:
                    problems.append("atom:entry needs atom:content or an alternate link")
                if content is not None and content.get("src") and el.find(f"{{{ATOM}}}summary") is None:
                    problems.append("atom:entry with content src needs atom:summary")
        for link in doc.iter(f"{{{ATOM}}}link"):
            if not link.get("href"):
                problems.append("atom:link without href")
            if link.get("rel") not in self.link_rels:
                problems.append(f"atom:link rel {link.get('rel')!r} is neither CMIS nor IANA")
        for ws in doc.iter(f"{{{APP}}}workspace"):
            if ws.find(f"{{{ATOM}}}title") is None or ws.find(f"{{{CMISRA}}}repositoryInfo") is None:
                problems.append("app:workspace needs atom:title and cmisra:repositoryInfo")
            for coll in ws.iter(f"{{{APP}}}collection"):
                if not coll.get("href") or coll.find(f"{{{ATOM}}}title") is None:
                    problems.append("app:collection needs href and atom:title")
        return problems

    def problems(self, body: bytes) -> list[str]:
        doc = etree.fromstring(body, _parser())
        if doc.getroottree().docinfo.doctype:
            return ["response carries a DOCTYPE"]
        self.checked += 1
        return self._atom_problems(doc) + self.cmis_problems(doc)

    def check_response(self, response: object, *_args: object, **_kw: object) -> None:
        """A ``requests`` response hook: every XML response must validate."""
        content_type = (getattr(response, "headers", {}).get("Content-Type") or "").split(";")[0].strip()
        if content_type not in XML_MEDIA:
            return
        found = self.problems(response.content)  # type: ignore[attr-defined]
        assert not found, f"{response.request.method} {response.url}: {found[:10]}"  # type: ignore[attr-defined]
