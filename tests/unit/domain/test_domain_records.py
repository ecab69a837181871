"""Invariants of the record model: codes, metadata, files, versions, Akte and Teilakten."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest

from adapter.domain.aktenzeichen import AktenzeichenFormat
from adapter.domain.codes import Aussonderungsart, Medium, Vertraulichkeitsstufe, parse_code
from adapter.domain.errors import InvalidInput, NotFound
from adapter.domain.metadata import Bearbeiter, Laufzeit, Metadaten
from adapter.domain.records import Akte, Aktenplaneinheit, Dokument, PrimaryFile, Teilakte, Version


def test_code_lists_mirror_xdomea_codes() -> None:
    """The enums carry exactly the codes of the xdomea 3.0.0 code lists."""
    assert [m.value for m in Vertraulichkeitsstufe] == ["001", "002", "003", "004", "005"]
    assert [m.value for m in Medium] == ["001", "002", "003"]
    assert [m.value for m in Aussonderungsart] == ["A", "B", "V"]


def test_parse_code_and_ranking() -> None:
    """parse_code refuses unknown codes; Vertraulich is stricter than NfD and below Geheim."""
    assert parse_code(Aussonderungsart, "B") is Aussonderungsart.BEWERTEN
    with pytest.raises(InvalidInput, match="allowed: A, B, V"):
        parse_code(Aussonderungsart, "X")
    stufe = Vertraulichkeitsstufe
    assert stufe.NFD.at_least(stufe.VERTRAULICH) is stufe.VERTRAULICH
    assert stufe.GEHEIM.at_least(stufe.VERTRAULICH) is stufe.GEHEIM


@pytest.mark.parametrize(
    "kwargs",
    [
        {"betreff": " "},
        {"betreff": "a\nb"},
        {"betreff": "x", "aufbewahrungsdauer": -1},
        {"betreff": "x", "aufbewahrungsdauer": True},
        {"betreff": "x", "kennzeichen": ("a", "a")},
        {"betreff": "x", "vertraulichkeit": "005"},
    ],
)
def test_metadaten_refuses_invalid(kwargs: dict[str, object]) -> None:
    """Blank or control-character texts, bad retention, duplicate Kennzeichen and raw codes are refused."""
    with pytest.raises(InvalidInput):
        Metadaten(**kwargs)  # type: ignore[arg-type]


def test_laufzeit_order_and_with_changes() -> None:
    """Laufzeit end before start is refused; with_changes validates again and refuses unknown names."""
    with pytest.raises(InvalidInput):
        Laufzeit(date(2024, 2, 1), date(2024, 1, 1))
    meta = Metadaten(betreff="x").with_changes({"medium": Medium.PAPIER})
    assert meta.medium is Medium.PAPIER
    with pytest.raises(InvalidInput):
        meta.with_changes({"farbe": "blau"})
    with pytest.raises(InvalidInput):
        Bearbeiter("")


def test_primary_file_and_versions() -> None:
    """Files need a hex SHA-256 and media type; versions must increase; naive datetimes are refused."""
    good = PrimaryFile("a.pdf", "application/pdf", 1, "0" * 64, "018")
    with pytest.raises(InvalidInput):
        PrimaryFile("a.pdf", "application/pdf", 1, "0" * 63, None)
    with pytest.raises(InvalidInput):
        PrimaryFile("a.pdf", "pdf", 1, "0" * 64, None)
    with pytest.raises(InvalidInput):
        PrimaryFile("a.pdf", "application/pdf", 1, "0" * 64, "pdf")
    meta = Metadaten(betreff="x")
    with pytest.raises(InvalidInput):
        Dokument(uuid.uuid4(), meta, (Version(2, (good,)), Version(1, (good,))))
    with pytest.raises(InvalidInput):
        Dokument(uuid.uuid4(), meta, (Version(1, (good,)),), eingangsdatum=datetime(2024, 1, 1))
    doc = Dokument(uuid.uuid4(), meta, (Version(1, (good,)), Version(3, (good,))))
    assert doc.aktuelle_version.nummer == 3


def test_akte_invariants() -> None:
    """An Akte's Aktenzeichen matches its Aktenplaneinheit; Teilakten titles are unique (any case)."""
    einheit = Aktenplaneinheit("11.02", "Personalakten")
    az = AktenzeichenFormat().render("11.02", 2024, 1)
    teil = Teilakte(uuid.uuid4(), "Besoldung", Metadaten(betreff="Besoldung"))
    akte = Akte(uuid.uuid4(), az, einheit, Metadaten(betreff="Müller"), (teil,))
    assert akte.teilakte("besoldung") is teil
    with pytest.raises(NotFound):
        akte.teilakte("Beihilfe")
    with pytest.raises(InvalidInput):
        twin = Teilakte(uuid.uuid4(), "BESOLDUNG", teil.metadaten)
        Akte(uuid.uuid4(), az, einheit, Metadaten(betreff="M"), (teil, twin))
    with pytest.raises(InvalidInput):
        Akte(uuid.uuid4(), AktenzeichenFormat().render("20", 2024, 1), einheit, Metadaten(betreff="M"))



def test_metadaten_checks_unchanged_by_its_fast_paths() -> None:
    """Metadaten still refuses a kennzeichen that is no tuple (empty or not) and control characters."""
    assert Metadaten("B", kennzeichen=("K",)).with_changes({"betreff": "C"}) == Metadaten("C", ("K",))
    for wrong in (["K"], [], None):
        with pytest.raises(InvalidInput, match="kennzeichen: must be a tuple"):
            Metadaten("B", kennzeichen=wrong)  # type: ignore[arg-type]
    for text in ("B\tC", "B\x7f", "B\u00a0\x01"):
        with pytest.raises(InvalidInput, match="control characters"):
            Metadaten(text)
    assert Metadaten("B\u00a0C").betreff == "B\u00a0C"  # not printable, yet no control character
