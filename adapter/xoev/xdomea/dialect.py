"""The element names of message bodies that differ between xdomea generations, one ``Dialect`` each.

The readers (``sgo``, ``fvdaten``, ``queries``, ``abgabe``) and the 0630 builder look names up here
instead of spelling them, so a message of any supported version is read into the same frozen
records. Checked against the 3.0.0 and 4.0.0 XSDs (``xdomea-Baukasten.xsd``,
``xdomea-Typen-FachverfahrensdatenAustauschen.xsd``); 2.x names its body elements as 3.x does.

=================================  =========================  ===========================================
what                               2.x / 3.x                  4.0.0
=================================  =========================  ===========================================
id of a Schriftgutobjekt           ``Identifikation/ID``      ``Identifikation/xdomeaUUID``
a document inside a container      ``Dokument``               ``DokumentOderDokumentMitSchriftstueck/``
                                                              ``Dokument`` (or ``DokumentMitSchriftstueck``)
an Anlage                          ``Anlage`` (a Dokument)    ``Anlage/Dokument`` (or ``…MitSchriftstueck``)
confidentiality                    ``Vertraulichkeitsstufe``  ``Geheimhaltung/Geheimhaltungsgrad`` (list
                                                              of the sender's choice, named by listURI)
target container of 0604/0605      ``IDContainer``            ``IDUebergeordnetesSchriftgutobjektDMS``
our id in 0607-0616, 0624, 0632    ``IDSGO``                  ``IDSchriftgutobjektDMS`` (0616:
                                                              ``IDSchriftgutobjektDMS.``, sic)
our id in 0601                     ``IDDokument``             ``IDDokumentDMS``
our id in a 0630 parameter         ``IDSGO``                  ``IDSchriftgutobjektDMS``
Empfangsbestaetigung, Erstellung…  in ``Kopf``                root children after ``nachrichtenkopf``
=================================  =========================  ===========================================
"""

from __future__ import annotations

from dataclasses import dataclass

from adapter.xoev.xdomea.versions import has_basis_head

__all__ = ["BASIS", "KOPF", "VERTRAULICHKEITSSTUFE_URI", "Dialect", "dialect_for"]

#: The xdomea code list whose codes are our ``Vertraulichkeitsstufe`` (3.x fixes it, 4.x names it).
VERTRAULICHKEITSSTUFE_URI = "urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe"


@dataclass(frozen=True)
class Dialect:
    """Local names (all in the message's namespace) of one generation's body elements."""

    object_id: str
    document_wrapper: str | None
    confidentiality: tuple[str, ...]
    container_ref: str
    id_sgo: str
    id_sgo_0616: str
    id_document: str
    flags_in_root: bool

    def our_id(self, kind: str) -> str:
        """The element naming our object in a batch element of message type ``kind``."""
        if kind == "0601":
            return self.id_document
        return self.id_sgo_0616 if kind == "0616" else self.id_sgo


KOPF = Dialect(object_id="ID", document_wrapper=None, confidentiality=("Vertraulichkeitsstufe",),
               container_ref="IDContainer", id_sgo="IDSGO", id_sgo_0616="IDSGO", id_document="IDDokument",
               flags_in_root=False)
BASIS = Dialect(object_id="xdomeaUUID", document_wrapper="DokumentOderDokumentMitSchriftstueck",
                confidentiality=("Geheimhaltung", "Geheimhaltungsgrad"),
                container_ref="IDUebergeordnetesSchriftgutobjektDMS", id_sgo="IDSchriftgutobjektDMS",
                id_sgo_0616="IDSchriftgutobjektDMS.", id_document="IDDokumentDMS", flags_in_root=True)


def dialect_for(version: str) -> Dialect:
    """The dialect of ``version`` (4.x: ``BASIS``; 2.x and 3.x: ``KOPF``)."""
    return BASIS if has_basis_head(version) else KOPF
