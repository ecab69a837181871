"""Write Schriftgutobjekte (Akte, Teilakte, Vorgang, Dokument) into an Aussonderung message, per version.

Element order as the schemas require it (checked against ``AkteType``/``VorgangType``/``DokumentType``
of 3.0.0 and 3.1.0 and ``AkteAussonderungType``/``VorgangAussonderungType``/``DokumentType`` of 4.0.0)::

    Akte:     Identifikation [Kontextobjekt 4.x] AllgemeineMetadaten ArchivspezifischeMetadaten (3.x) |
              Aussonderungsmetadaten (4.x) Typ Laufzeit Akteninhalt(Dokument* Vorgang* Teilakte*) ZdA ZdADatum
    Vorgang:  Identifikation [Kontextobjekt] AllgemeineMetadaten <Aussonderung> Typ ZdA ZdADatum Laufzeit
              Dokument* Teilvorgang*
    Dokument: Identifikation AllgemeineMetadaten Posteingangsdatum Typ Version*(Nummer Format+)

4.x wraps each document in ``DokumentOderDokumentMitSchriftstueck``, names ids ``xdomeaUUID``,
confidentiality ``Geheimhaltung/Geheimhaltungsgrad`` (the xdomea Vertraulichkeitsstufe list named by
``listURI``) and may give a primary file's ``Hash`` (SHA-256). 2.x is not written (see the README).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from adapter.xoev.xdomea.aussonderung_model import FileRef, SgoMeta, SgoNode, VersionRef
from adapter.xoev.xdomea.dialect import VERTRAULICHKEITSSTUFE_URI, dialect_for
from adapter.xoev.xdomea.versions import has_basis_head

__all__ = ["SHA256_ALGORITHM", "write_sgo"]

#: How a 4.x ``Hash/Algorithmus`` names SHA-256 (the XML Encryption URI, as the XTA profiles name it).
SHA256_ALGORITHM = "http://www.w3.org/2001/04/xmlenc#sha256"
_ALGORITHMS = "urn:xoev-de:kosit:codeliste:xta.serviceprofile.kryptographische-algorithmen"
_ALGORITHMS_VERSION = "1"  # the schema requires a version; the list is not published with the schemas
_MEDIUM = "urn:xoev-de:xdomea:codeliste:medium"
_AUSSONDERUNGSART = "urn:xoev-de:xdomea:codeliste:aussonderungsart"
_DATEIFORMAT = "urn:xoev-de:xdomea:codeliste:dateiformat"
_TOP = {"akte": "Akte", "teilakte": "Akte", "vorgang": "Vorgang", "dokument": "Dokument"}


class _Writer:
    def __init__(self, ns: str, version: str, format_list_version: str) -> None:
        self.ns, self.version = ns, version
        self.basis = has_basis_head(version)
        self.dialect = dialect_for(version)
        self.format_list_version = format_list_version

    def sub(self, parent: Any, local: str, text: str | None = None) -> Any:
        element = etree.SubElement(parent, etree.QName(self.ns, local))
        if text is not None:
            element.text = text
        return element

    def code(self, parent: Any, local: str, code: str, uri: str, list_version: str = "1.0") -> Any:
        element = self.sub(parent, local)
        element.set("listURI", uri)
        element.set("listVersionID", list_version)
        etree.SubElement(element, "code").text = code
        return element

    def node(self, parent: Any, node: SgoNode, local: str | None = None) -> None:
        if node.kind == "dokument":
            self.dokument(parent, node)
            return
        element = self.sub(parent, local or _TOP[node.kind])
        self.ident(element, node)
        self.allgemein(element, node.meta)
        self.aussonderung(element, node.meta)
        if node.kind == "vorgang":
            self.vorgang_body(element, node)
        else:
            self.akte_body(element, node)

    def ident(self, element: Any, node: SgoNode) -> None:
        self.sub(self.sub(element, "Identifikation"), self.dialect.object_id, node.uuid)
        if self.basis and node.kind != "dokument":
            self.sub(element, "Kontextobjekt", "1" if node.context else "0")

    def allgemein(self, element: Any, meta: SgoMeta) -> None:
        m = self.sub(element, "AllgemeineMetadaten")
        for local, value in (("Betreff", meta.betreff), ("Kennzeichen", meta.kennzeichen),
                             ("Federfuehrung", meta.federfuehrung)):
            if value:
                self.sub(m, local, value)
        if meta.vertraulichkeit and self.basis:
            self.code(self.sub(m, "Geheimhaltung"), "Geheimhaltungsgrad", meta.vertraulichkeit,
                      VERTRAULICHKEITSSTUFE_URI)
        elif meta.vertraulichkeit:
            self.code(m, "Vertraulichkeitsstufe", meta.vertraulichkeit, VERTRAULICHKEITSSTUFE_URI)
        if meta.medium:
            self.code(m, "Medium", meta.medium, _MEDIUM)
        if meta.aktenplan:
            self.sub(self.sub(m, "Aktenplaneinheit"), "Kennzeichen", meta.aktenplan)

    def aussonderung(self, element: Any, meta: SgoMeta) -> None:
        if meta.aufbewahrungsdauer is None and meta.aussonderungsart is None and meta.aufbewahrungsende is None:
            return
        a = self.sub(element, "Aussonderungsmetadaten" if self.basis else "ArchivspezifischeMetadaten")
        if meta.aufbewahrungsdauer is not None:
            self.sub(self.sub(a, "Aufbewahrungsdauer"), "AnzahlJahre", str(meta.aufbewahrungsdauer))
        if meta.aussonderungsart:
            self.code(self.sub(a, "Aussonderungsart"), "Aussonderungsart", meta.aussonderungsart, _AUSSONDERUNGSART)
        if meta.aufbewahrungsende is not None:
            self.sub(a, "Aufbewahrungsende", meta.aufbewahrungsende.isoformat())

    def laufzeit(self, element: Any, meta: SgoMeta) -> None:
        if meta.beginn is None and meta.ende is None:
            return
        lz = self.sub(element, "Laufzeit")
        if meta.beginn is not None:
            self.sub(lz, "Beginn", meta.beginn.isoformat())
        if meta.ende is not None:
            self.sub(lz, "Ende", meta.ende.isoformat())

    def zda(self, element: Any, meta: SgoMeta) -> None:
        if meta.zda is not None:
            self.sub(element, "ZdA", "1" if meta.zda else "0")
            if meta.zda and meta.ende is not None:
                self.sub(element, "ZdADatum", meta.ende.isoformat())

    def akte_body(self, element: Any, node: SgoNode) -> None:
        self.laufzeit(element, node.meta)
        docs = [c for c in node.children if c.kind == "dokument"]
        vorgaenge = [c for c in node.children if c.kind == "vorgang"]
        teilakten = [c for c in node.children if c.kind in ("akte", "teilakte")]
        if docs or vorgaenge or teilakten:
            inhalt = self.sub(element, "Akteninhalt")
            for child in docs:
                self.dokument(inhalt, child)
            for child in vorgaenge:
                self.node(inhalt, child, "Vorgang")
            for child in teilakten:
                self.node(inhalt, child, "Teilakte")
        self.zda(element, node.meta)

    def vorgang_body(self, element: Any, node: SgoNode) -> None:
        self.zda(element, node.meta)
        self.laufzeit(element, node.meta)
        for child in (c for c in node.children if c.kind == "dokument"):
            self.dokument(element, child)
        for child in (c for c in node.children if c.kind != "dokument"):
            self.node(element, child, "Teilvorgang")

    def dokument(self, parent: Any, node: SgoNode) -> None:
        holder = self.sub(parent, self.dialect.document_wrapper) if self.dialect.document_wrapper else parent
        element = self.sub(holder, "Dokument")
        self.ident(element, node)
        self.allgemein(element, node.meta)
        if node.meta.posteingang is not None:
            self.sub(element, "Posteingangsdatum", node.meta.posteingang.isoformat())
        if node.meta.typ:
            self.sub(element, "Typ", node.meta.typ)
        for version in node.versions:
            self.write_version(element, version)

    def write_version(self, element: Any, version: VersionRef) -> None:
        v = self.sub(element, "Version")
        self.sub(v, "Nummer", version.nummer)
        for file in version.files:
            self.format(v, file)

    def format(self, version: Any, file: FileRef) -> None:
        f = self.sub(version, "Format")
        self.code(f, "Name", file.format_code, _DATEIFORMAT, self.format_list_version)
        if file.format_other:
            self.sub(f, "SonstigerName", file.format_other)
        self.sub(f, "Version", "")  # the format's version is not known to the DMS
        p = self.sub(f, "Primaerdokument")
        self.sub(p, "Dateiname", file.name)
        if file.original:
            self.sub(p, "DateinameOriginal", file.original)
        if self.basis and file.modified is not None:
            self.sub(p, "ZeitpunktLetzteAenderung", file.modified.isoformat())
        if self.basis and file.sha256:
            digest = self.sub(p, "Hash")
            self.sub(digest, "Wert", file.sha256)
            algorithm = self.sub(digest, "Algorithmus")
            algorithm.set("listURI", _ALGORITHMS)
            algorithm.set("listVersionID", _ALGORITHMS_VERSION)
            etree.SubElement(algorithm, "code").text = SHA256_ALGORITHM


def write_sgo(root: Any, version: str, nodes: tuple[SgoNode, ...] | list[SgoNode], *,
              format_list_version: str = "1.0") -> None:
    """Append one ``Schriftgutobjekt`` per node of ``nodes`` to the message ``root`` of ``version``."""
    writer = _Writer(etree.QName(root).namespace or "", version, format_list_version)
    for node in nodes:
        writer.node(writer.sub(root, "Schriftgutobjekt"), node)
