"""Transforms not used by the shipped classes: date with format, datetime with format, join, constants."""

from __future__ import annotations

import shutil
import uuid
from datetime import date
from pathlib import Path

from adapter.domain.aktenzeichen import AktenzeichenFormat
from adapter.domain.metadata import Bearbeiter, Laufzeit, Metadaten
from adapter.domain.records import Akte, Aktenplaneinheit
from adapter.mapping import Placement, load_mappings, map_record
from adapter.resources import MAPPINGS_DIR

REPO_MAPPINGS = MAPPINGS_DIR

CLASS = """\
class: probe
title: Probe
aktenplan: "12.01"
path: "/Probe/{akte.jahr:04d}/{aktenzeichen}"
timezone: Europe/Berlin
types: {akte: akte, dokument: dokument, container: ordner}
properties:
  akte:
    - {property: betreff, transform: template, template: "{aktenzeichen}: {betreff}"}
    - {property: federfuehrung, field: laufzeit.beginn, transform: date, format: "%d.%m.%Y"}
    - {property: bearbeiter, field: laufzeit.ende, transform: datetime, format: "%Y-%m-%dT%H:%M%z"}
    - {property: aktenplaneinheit, field: kennzeichen, transform: join, separator: " | "}
    - {property: aufbewahrungsdauer, transform: constant, value: 10}
    - {property: zdA, transform: constant, value: true}
  dokument:
    - {property: betreff, field: betreff}
"""


def test_transforms_apply(tmp_path: Path) -> None:
    """Each transform gives the documented value; dates are formatted in the class's time zone."""
    shutil.copytree(REPO_MAPPINGS / "profiles", tmp_path / "profiles")
    (tmp_path / "classes").mkdir()
    (tmp_path / "classes" / "probe.yaml").write_text(CLASS, encoding="utf-8")
    mappings = load_mappings(tmp_path)
    akte = Akte(
        uuid.UUID(int=1),
        AktenzeichenFormat().render("12.01", 2023, 4),
        Aktenplaneinheit("12.01", "Probe"),
        Metadaten(
            betreff="Gutachten",
            kennzeichen=("A-1", "B-2"),
            laufzeit=Laufzeit(date(2023, 2, 1), date(2023, 7, 1)),
        ),
    )
    spec = map_record(
        akte,
        Placement(),
        record_class=mappings.record_class("probe"),
        profile=mappings.profile("restricted"),
        bearbeiter=Bearbeiter("x"),
    )
    assert spec.path == "/Probe/2023/12.01-2023-00004"
    props = dict(spec.properties)
    assert props["ea:betreff"] == "12.01-2023-00004: Gutachten"
    assert props["ea:federfuehrung"] == "01.02.2023"
    assert props["ea:bearbeiter"] == "2023-07-01T00:00+0200"
    assert props["ea:aktenplaneinheit"] == "A-1 | B-2"
    assert (props["ea:aufbewahrungsdauer"], props["ea:zdA"]) == (10, True)
    assert props["ea:objektUuid"] == str(uuid.UUID(int=1))
