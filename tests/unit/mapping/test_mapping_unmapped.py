"""``unmapped`` property keys: a DMS without a property for a key the classes map; the value is not stored."""

from __future__ import annotations

import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.records import Dokument, PrimaryFile, Version
from adapter.mapping import MappingProblems, Placement, load_mappings, map_record
from adapter.resources import MAPPINGS_DIR

REPO_MAPPINGS = MAPPINGS_DIR


def _without(mapdir: Path, *keys: str) -> None:
    """The generic profile rewritten to keep no DMS property for ``keys`` (listed as unmapped)."""
    path = mapdir / "profiles" / "generic.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in keys:
        del data["properties"][key]
        for typedef in data["types"].values():
            if key in typedef.get("properties", []):
                typedef["properties"] = [p for p in typedef["properties"] if p != key]
    data["unmapped"] = list(keys)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.fixture
def mapdir(tmp_path: Path) -> Path:
    shutil.copytree(REPO_MAPPINGS, tmp_path / "m")
    return tmp_path / "m"


def test_unmapped_keys_load_and_their_values_are_dropped(mapdir: Path) -> None:
    """Classes may map an unmapped key; map_record leaves it out and keeps the rest."""
    _without(mapdir, "dokumentart", "kennzeichen")
    mappings = load_mappings(mapdir)
    profile = mappings.profile("generic")
    assert profile.unmapped == {"dokumentart", "kennzeichen"} and not profile.stores("dokumentart")
    datei = PrimaryFile("a.pdf", "application/pdf", 1, "ab" * 32)
    dokument = Dokument(uuid.UUID(int=5), Metadaten(betreff="Antrag", kennzeichen=("x",)), (Version(1, (datei,)),),
                        dokumentart="Antrag", eingangsdatum=datetime(2026, 1, 2, tzinfo=UTC))
    spec = map_record(dokument, Placement(), record_class=mappings.record_class("posteingang"), profile=profile,
                      bearbeiter=Bearbeiter("k"))
    assert spec.properties["ea:betreff"] == "Antrag"
    assert "ea:dokumentart" not in spec.properties and "ea:kennzeichen" not in spec.properties


def test_unmapped_keys_are_checked(mapdir: Path) -> None:
    """An unmapped key still defined, or an identity key unmapped, is a problem with its line."""
    path = mapdir / "profiles" / "generic.yaml"
    text = path.read_text(encoding="utf-8") + "unmapped: [betreff, objektUuid]\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingProblems) as info:
        load_mappings(mapdir)
    messages = [(p.line, p.message) for p in info.value.problems if p.file.endswith("generic.yaml")]
    line = text.count("\n")
    assert (line, "unmapped key 'betreff' is also defined in properties") in messages
    assert (line, "identity key 'objektUuid' cannot be unmapped") in messages
