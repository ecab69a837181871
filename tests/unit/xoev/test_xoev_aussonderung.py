"""The Aussonderung codec (``aussonderung_build``, ``aussonderung_read``): our messages valid in every version we
speak, the archive's read as the test archive writes them (its own code, from the schemas)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from egov_sandbox.archive.messages import Archive, answer, read_incoming
from lxml import etree

from adapter.domain.errors import NotSupported
from adapter.safexml import parse_bytes
from adapter.xoev.xdomea.aussonderung_build import build_0501, build_0503, build_0505
from adapter.xoev.xdomea.aussonderung_model import Contact, FileRef, OutgoingHead, SgoMeta, SgoNode, VersionRef
from adapter.xoev.xdomea.aussonderung_read import read_0502, read_0506, read_receipt
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.head4 import SendingSystem
from adapter.xoev.xdomea.message import load_message
from adapter.xoev.xdomea.multipart import Counters
from adapter.xoev.xdomea.receipts import OurSystem
from adapter.xoev.xdomea.schemas import SchemaCatalog

VERSIONS = ["3.0.0", "3.1.0", "4.0.0"]
NOW = datetime(2031, 6, 1, 12, 0, tzinfo=UTC)


def _head(pid: str) -> OutgoingHead:
    return OutgoingHead(pid, NOW, Contact("psw:05334002", "Stadt Aachen"), Contact("archiv:01", "Stadtarchiv"),
                        SendingSystem("egov-adapter", "egov multidigital", "0.2"), True, str(uuid.uuid4()))


def _akte(with_files: bool) -> SgoNode:
    versions = (VersionRef("1.0", (FileRef(f"{uuid.uuid4()}_Antrag.pdf", "Antrag.pdf", "018", sha256="a" * 64),)),
                VersionRef("2.0", (FileRef(f"{uuid.uuid4()}_Antrag.pdf", "Antrag.pdf", "018", sha256="b" * 64),)))
    doc = SgoNode("dokument", str(uuid.uuid4()), SgoMeta(betreff="Antrag", typ="Antrag",
                                                         posteingang=date(2001, 2, 3)),
                  versions=versions if with_files else ())
    vorgang = SgoNode("vorgang", str(uuid.uuid4()), SgoMeta(betreff="Genehmigung", zda=True, ende=date(2001, 5, 6)),
                      (doc,))
    meta = SgoMeta(betreff="Kläranlage", kennzeichen="36.10-2001-00007", vertraulichkeit="003", medium="001",
                   aktenplan="36.10", aufbewahrungsdauer=30, aussonderungsart="B", aufbewahrungsende=date(2031, 5, 6),
                   beginn=date(2001, 1, 1), ende=date(2001, 5, 6), zda=True)
    return SgoNode("akte", str(uuid.uuid4()), meta, (vorgang, SgoNode("teilakte", str(uuid.uuid4()),
                                                                      SgoMeta(betreff="Nebenakte"))))


@pytest.mark.parametrize("version", VERSIONS)
def test_our_0501_and_0503_validate_and_name_both_parties(version: str, catalog: SchemaCatalog,
                                                          codelists: CodeLists) -> None:
    """Built, validated against the official schema, and read back: ProzessID, type and both Behördenkennungen."""
    pid = str(uuid.uuid4())
    offer = build_0501(version, _head(pid), [_akte(False)], catalog=catalog, codelists=codelists)
    delivery = build_0503(version, _head(pid), [_akte(True)], catalog=catalog, codelists=codelists)
    for data, code in ((offer, "0501"), (delivery, "0503")):
        message = load_message(data, catalog=catalog)
        assert (message.report.process_id, message.report.message_type) == (pid, code)
        assert (message.report.sender, message.report.recipient) == ("psw:05334002", "archiv:01")
    assert b"Primaerdokument" not in offer and delivery.count(b"<xdomea:Primaerdokument>") == 2


def test_4x_deliveries_count_their_messages_and_state_each_hash(catalog: SchemaCatalog, codelists: CodeLists) -> None:
    """4.0.0: LfdNrNachrichtProTyp / GesamtanzahlNachrichtenProTyp, Kontextobjekt, Hash/Wert per file."""
    data = build_0503("4.0.0", _head(str(uuid.uuid4())), [_akte(True)], catalog=catalog, codelists=codelists,
                      counters=Counters(2, 3))
    root = parse_bytes(data).getroot()
    ns = {"x": etree.QName(root).namespace}
    assert root.findtext("x:LfdNrNachrichtProTyp", namespaces=ns) == "2"
    assert root.findtext("x:GesamtanzahlNachrichtenProTyp", namespaces=ns) == "3"
    assert root.findtext("x:Schriftgutobjekt/x:Akte/x:Kontextobjekt", namespaces=ns) == "0"
    assert sorted(e.text for e in root.iterfind(".//x:Hash/x:Wert", ns)) == ["a" * 64, "b" * 64]


def test_versions_without_counters_have_one_0503_and_2x_is_not_spoken(catalog: SchemaCatalog,
                                                                      codelists: CodeLists) -> None:
    """3.x cannot say "part 2 of 3"; 2.4.0 is refused (NotSupported), never written half right."""
    with pytest.raises(NotSupported, match="one 0503"):
        build_0503("3.0.0", _head(str(uuid.uuid4())), [_akte(True)], catalog=catalog, codelists=codelists,
                   counters=Counters(1, 2))
    with pytest.raises(NotSupported, match=r"2\.4\.0"):
        build_0501("2.4.0", _head(str(uuid.uuid4())), [_akte(False)], catalog=catalog, codelists=codelists)


def _incoming(data: bytes):  # type: ignore[no-untyped-def]
    return read_incoming(etree.ElementTree(parse_bytes(data).getroot()))


@pytest.mark.parametrize("version", VERSIONS)
def test_the_archives_0502_and_0506_are_read(version: str, catalog: SchemaCatalog, codelists: CodeLists) -> None:
    """Written by the test archive (its own code): decisions per object, outcomes per object, the 0505 answer."""
    pid = str(uuid.uuid4())
    akte = _akte(True)
    archive = Archive("archiv:01", "Stadtarchiv")
    offer = _incoming(build_0501(version, _head(pid), [akte], catalog=catalog, codelists=codelists))
    evaluation_xml = etree.tostring(answer(offer, "0502", archive, decisions=[(akte.uuid, "A"),
                                                                             (akte.children[0].uuid, "V")]))
    evaluation = read_0502(load_message(evaluation_xml, catalog=catalog))
    assert [(e.object_id, e.code) for e in evaluation.objects] == [(akte.uuid, "A"), (akte.children[0].uuid, "V")]
    assert evaluation.wants_receipt and evaluation.receipt.sender == "archiv:01"
    receipt = load_message(build_0505(load_message(evaluation_xml, catalog=catalog), created=NOW,
                                      system=OurSystem(), catalog=catalog, codelists=codelists), catalog=catalog)
    assert (receipt.report.message_type, receipt.report.recipient) == ("0505", "archiv:01")
    if version.startswith("4."):
        assert read_receipt(receipt).answers == evaluation.receipt.message_uuid
    delivery = _incoming(build_0503(version, _head(pid), [akte], catalog=catalog, codelists=codelists))
    confirmation_xml = etree.tostring(answer(delivery, "0506", archive, imported=[(akte.uuid, False, None)]))
    confirmation = read_0506(load_message(confirmation_xml, catalog=catalog))
    assert [(i.object_id, i.ok) for i in confirmation.objects] == [(akte.uuid, False)]
    assert confirmation.objects[0].reasons and confirmation.message_ok is (False if version.startswith("4.") else None)


def test_a_real_0501_reads_like_ours(sample_zip: Path, catalog: SchemaCatalog) -> None:
    """The Landesarchiv Thüringen's 3.0.0 0501 validates and carries what ours carries (Aussonderungsart per object)."""
    import zipfile

    with zipfile.ZipFile(sample_zip) as archive:
        data = archive.read(archive.namelist()[0])
    message = load_message(data, catalog=catalog)
    assert message.report.message_type == "0501"
    offered = _incoming(data)
    assert offered.objects and all(o.aussonderungsart for o in offered.objects if o.kind != "Dokument")
