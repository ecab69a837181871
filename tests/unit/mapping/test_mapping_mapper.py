"""Mapping canonical records to DMS objects: type ids, paths, properties, secondary types, ACL."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from adapter.domain.aktenzeichen import AktenzeichenFormat
from adapter.domain.codes import Medium, Vertraulichkeitsstufe
from adapter.domain.errors import InvalidInput
from adapter.domain.metadata import Bearbeiter, Laufzeit, Metadaten
from adapter.domain.records import Akte, Aktenplaneinheit, Dokument, PrimaryFile, Teilakte, Version, Vorgang
from adapter.mapping import MappingSet, Placement, load_mappings, map_record
from adapter.resources import MAPPINGS_DIR

REPO_MAPPINGS = MAPPINGS_DIR
CLERK = Bearbeiter("mmueller", "Maria Müller")
KEY = "k1-" + "0" * 64


@pytest.fixture(scope="module")
def mappings() -> MappingSet:
    return load_mappings(REPO_MAPPINGS)


def _doc(betreff: str, name: str = "scan.pdf", **kwargs: object) -> Dokument:
    datei = PrimaryFile(name, "application/pdf", 1234, "ab" * 32, "018")
    return Dokument(uuid.UUID(int=99), Metadaten(betreff=betreff), (Version(1, (datei,)),), **kwargs)  # type: ignore[arg-type]


def _personalakte() -> Akte:
    teil = Teilakte(uuid.UUID(int=2), "Besoldung", Metadaten(betreff="Besoldung Müller"))
    return Akte(
        uuid.UUID(int=1),
        AktenzeichenFormat().render("11.02", 2024, 7),
        Aktenplaneinheit("11.02", "Personalakten"),
        Metadaten(
            betreff="Müller, Erika",
            vertraulichkeit=Vertraulichkeitsstufe.NFD,
            laufzeit=Laufzeit(date(2024, 1, 15)),
        ),
        (teil,),
    )


def test_personalakte_teilakte_document(mappings: MappingSet) -> None:
    """A document in the Besoldung Teilakte: ea:dokument under /Personal/<AZ>/Besoldung, confidential, ACL."""
    akte = _personalakte()
    doc = _doc(
        "Bezügemitteilung 03/2024",
        dokumentart="Mitteilung",
        eingangsdatum=datetime(2024, 3, 1, 8, 0, tzinfo=UTC),
    )
    spec = map_record(
        doc,
        Placement(akte=akte, teilakte=akte.teilakten[0]),
        record_class=mappings.record_class("personalakte"),
        profile=mappings.profile("generic"),
        bearbeiter=CLERK,
        idempotency_key=KEY,
    )
    assert spec.type_id == "ea:dokument" and spec.base == "document"
    assert [(f.name, f.type_id) for f in spec.parents] == [
        ("Personal", "cmis:folder"),
        ("11.02-2024-00007", "ea:akte"),
        ("Besoldung", "ea:teilakte"),
    ]
    assert spec.name.startswith("Bezügemitteilung 03_2024~") and spec.name.endswith(".pdf")
    assert dict(spec.properties) == {
        "ea:betreff": "Bezügemitteilung 03/2024",
        "ea:dokumentart": "Mitteilung",
        "ea:eingangsdatum": datetime(2024, 3, 1, 8, 0, tzinfo=UTC),
        "ea:bearbeiter": "mmueller",
        "ea:vertraulichkeit": "vertraulich",  # raised to the class minimum 005 and mapped by code list
        "ea:loeschmarkierung": False,
        "ea:quellsystem": "personalverwaltung",
        "ea:objektUuid": str(uuid.UUID(int=99)),
        "ea:idempotenzschluessel": KEY,
    }
    assert spec.secondary_type_ids == ("ea:fremdschluessel",)
    assert not spec.acl_inherit
    assert {(a.principal, a.permissions) for a in spec.acl} == {
        ("GROUP_personalstelle", ("cmis:write",)),
        ("GROUP_personalstelle-leitung", ("cmis:all",)),
    }


def test_personalakte_folder_properties(mappings: MappingSet) -> None:
    """The Akte folder gets retention defaults, the template and a date as midnight Berlin in UTC."""
    akte = _personalakte()
    spec = map_record(
        akte,
        Placement(),
        record_class=mappings.record_class("personalakte"),
        profile=mappings.profile("alfresco"),
        bearbeiter=CLERK,
    )
    assert (spec.type_id, spec.path) == ("F:ea:akte", "/Personal/11.02-2024-00007")
    props = spec.properties
    assert props["ea:aktenplaneinheit"] == "11.02 Personalakten"
    assert props["ea:laufzeitBeginn"] == datetime(2024, 1, 14, 23, 0, tzinfo=UTC)
    assert (props["ea:aufbewahrungsdauer"], props["ea:aussonderungsart"]) == (5, "B")
    assert "ea:idempotenzschluessel" not in props and "ea:laufzeitEnde" not in props
    assert spec.secondary_type_ids == ("P:ea:fremdschluessel",)


def test_umwelt_vorgang(mappings: MappingSet) -> None:
    """A Vorgang per application: ea:vorgang under /Umwelt/Genehmigungen/<Jahr>/<AZ Betreff>."""
    akte = Akte(
        uuid.UUID(int=5),
        AktenzeichenFormat().render("36.10", 2025, 12),
        Aktenplaneinheit("36.10", "Genehmigungen"),
        Metadaten(betreff="Windpark Nord GmbH"),
    )
    vorgang = Vorgang(
        uuid.UUID(int=6),
        Metadaten(betreff="Antrag BImSchG WEA 3", kennzeichen=("FV-2025-77",), medium=Medium.HYBRID),
        parent_id=akte.id,
    )
    spec = map_record(
        vorgang,
        Placement(akte=akte),
        record_class=mappings.record_class("umwelt-genehmigung"),
        profile=mappings.profile("generic"),
        bearbeiter=CLERK,
        idempotency_key=KEY,
    )
    assert spec.type_id == "ea:vorgang"
    assert spec.path == "/Umwelt/Genehmigungen/2025/36.10-2025-00012 Windpark Nord GmbH/Antrag BImSchG WEA 3"
    assert [f.type_id for f in spec.parents] == ["cmis:folder", "cmis:folder", "cmis:folder", "ea:akte"]
    props = spec.properties
    assert props["ea:kennzeichen"] == ("FV-2025-77",)
    assert props["ea:medium"] == "002" and props["ea:aktenzeichen"] == "36.10-2025-00012"
    assert (props["ea:aufbewahrungsdauer"], props["ea:aussonderungsart"]) == (30, "A")
    assert spec.acl_inherit and [a.principal for a in spec.acl] == ["GROUP_umweltamt"]


def test_posteingang_item(mappings: MappingSet) -> None:
    """Incoming mail lands in /Posteingang/<YYYY>/<MM> (Berlin time), named by arrival time and Betreff."""
    doc = _doc("Anfrage Bürger", name="brief.PDF", eingangsdatum=datetime(2024, 12, 31, 23, 30, tzinfo=UTC))
    spec = map_record(
        doc,
        Placement(),
        record_class=mappings.record_class("posteingang"),
        profile=mappings.profile("alfresco"),
        bearbeiter=CLERK,
        idempotency_key=KEY,
    )
    assert spec.type_id == "D:ea:dokument"
    assert spec.path == "/Posteingang/2025/01/20250101-003000 Anfrage Bürger.PDF"
    assert [f.type_id for f in spec.parents] == ["cmis:folder"] * 3
    assert "ea:vertraulichkeit" not in spec.properties  # no level given, and no class minimum


def test_alfresco_names_are_sanitised(mappings: MappingSet) -> None:
    """On alfresco, ':' and '?' in a Betreff are replaced and a hash keeps the name distinct."""
    doc = _doc("Antrag: Wer? Was?", eingangsdatum=datetime(2024, 5, 2, 10, 0, tzinfo=UTC))
    common = {"record_class": mappings.record_class("posteingang"), "bearbeiter": CLERK}
    alf = map_record(doc, Placement(), profile=mappings.profile("alfresco"), **common)  # type: ignore[arg-type]
    gen = map_record(doc, Placement(), profile=mappings.profile("generic"), **common)  # type: ignore[arg-type]
    assert gen.name == "20240502-120000 Antrag: Wer? Was?.pdf"
    assert alf.name.startswith("20240502-120000 Antrag_ Wer_ Was_~") and alf.name.endswith(".pdf")


def test_refusals(mappings: MappingSet) -> None:
    """A Teilakte title the class does not know, a missing path field and an overlong value are refused."""
    akte = _personalakte()
    rc, generic = mappings.record_class("personalakte"), mappings.profile("generic")
    fremd = Teilakte(uuid.uuid4(), "Hobbys", Metadaten(betreff="x"))
    with pytest.raises(InvalidInput, match="no Teilakte 'Hobbys'"):
        map_record(fremd, Placement(akte=akte), record_class=rc, profile=generic, bearbeiter=CLERK)
    with pytest.raises(InvalidInput, match="eingangsdatum"):
        map_record(
            _doc("ohne Datum"),
            Placement(),
            record_class=mappings.record_class("posteingang"),
            profile=generic,
            bearbeiter=CLERK,
        )
    with pytest.raises(InvalidInput, match="longer than 1000"):
        map_record(
            _doc("x" * 1001),
            Placement(akte=akte, teilakte=akte.teilakten[0]),
            record_class=rc,
            profile=generic,
            bearbeiter=CLERK,
        )
    vorgang = Vorgang(uuid.uuid4(), Metadaten(betreff="v"))
    with pytest.raises(InvalidInput, match="no vorgang level"):
        map_record(vorgang, Placement(akte=akte), record_class=rc, profile=generic, bearbeiter=CLERK)
