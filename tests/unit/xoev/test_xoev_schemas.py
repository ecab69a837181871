"""Schema catalog: message index per version, compile once, confined includes."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from adapter.domain.errors import ConfigurationError, NotSupported
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.versions import layout_for, message_code, version_of


def test_versions_found(catalog: SchemaCatalog) -> None:
    """Every official version in the folder is discovered (4.0.0 is there since shared/ gained it)."""
    assert catalog.versions() == ("2.3.0", "2.4.0", "3.0.0", "3.1.0", "4.0.0")


def test_2x_messages_map_to_group_files(catalog: SchemaCatalog) -> None:
    """In 2.x each message is validated by its own group file."""
    assert catalog.schema_file("2.4.0", "FVDaten.SGOAblegen.0605").name == (
        "xdomea-Nachrichten-FachverfahrensdatenAustauschen.xsd"
    )
    assert catalog.schema_file("2.3.0", "Aussonderung.Anbieteverzeichnis.0501").name == (
        "xdomea-Nachrichten-AussonderungDurchfuehren.xsd"
    )


def test_3x_messages_use_xdomea_xsd(catalog: SchemaCatalog) -> None:
    """In 3.x the all-in-one xdomea.xsd validates every message."""
    assert catalog.schema_file("3.1.0", "FVDaten.ImportBestaetigen.0630").name == "xdomea.xsd"


def test_40_messages_use_their_group_file(catalog: SchemaCatalog) -> None:
    """4.0.0 has no all-in-one file again: each message is validated by its group's file."""
    assert catalog.schema_file("4.0.0", "FVDaten.ImportBestaetigen.0630").name == (
        "xdomea-Nachrichten-FachverfahrensdatenAustauschen.xsd"
    )
    assert catalog.schema_file("4.0.0", "Abgabe.Abgabe.0401").name == "xdomea-Nachrichten-AbgabeDurchfuehren.xsd"
    assert catalog.schema_file("4.0.0", "Aussonderung.Aussonderung.0503").name == (
        "xdomea-Nachrichten-AussonderungDurchfuehren.xsd"
    )


@pytest.mark.parametrize("message", ["FVDaten.SGOAblegen.0605", "Abgabe.Abgabe.0401",
                                     "Aussonderung.Anbieteverzeichnis.0501"])
def test_40_groups_compile_offline(catalog: SchemaCatalog, message: str) -> None:
    """The 4.0.0 files import xoev-code, the Basisnachricht and DIN 91379 by URL; the local copies are used.

    A group file is compiled once: another message of the same group finds the same compiled schema."""
    schema = catalog.schema("4.0.0", message)
    assert schema.schema is not None
    before = catalog.compiles
    sibling = {"FVDaten.SGOAblegen.0605": "FVDaten.ImportBestaetigen.0630",
               "Abgabe.Abgabe.0401": "Abgabe.ImportBestaetigen.0402",
               "Aussonderung.Anbieteverzeichnis.0501": "Aussonderung.Aussonderung.0503"}
    assert catalog.schema("4.0.0", sibling[message]) is schema and catalog.compiles == before


def test_unknown_message_and_version(catalog: SchemaCatalog) -> None:
    """Unknown message names and versions are NotSupported."""
    with pytest.raises(NotSupported):
        catalog.schema_file("3.0.0", "FVDaten.Erfunden.0699")
    with pytest.raises(NotSupported):
        catalog.messages("9.9.9")


def test_compiled_once_per_catalog(catalog: SchemaCatalog, xoev_dir: Path) -> None:
    """A second lookup (from many threads at once) does not recompile: the catalog is the cache."""
    first = catalog.schema("3.0.0", "FVDaten.SGOAblegen.0605")
    before = catalog.compiles
    results = []

    def lookup() -> None:
        results.append(catalog.schema("3.0.0", "FVDaten.SGOAblegen.0605"))

    threads = [threading.Thread(target=lookup) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert catalog.compiles == before
    assert all(result is first for result in results)
    fresh = SchemaCatalog(xoev_dir)  # another catalog compiles its own (the graph holds one per process)
    assert fresh.schema("3.0.0", "FVDaten.SGOAblegen.0605") is not first and fresh.compiles == 1
    assert catalog.schema("3.0.0", "FVDaten.ImportBestaetigen.0630") is first  # same file, same entry


def _fake_folder(tmp_path: Path, location: str) -> Path:
    folder = tmp_path / "xoev" / "xdomea" / "9.0.0"
    folder.mkdir(parents=True)
    (folder / "xdomea-Nachrichten-Test.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">'
        f'<xs:include schemaLocation="{location}"/>'
        '<xs:element name="Test.Nachricht.0001"/></xs:schema>'
    )
    return tmp_path / "xoev"


def test_include_outside_folder_refused(tmp_path: Path) -> None:
    """An include that climbs out of the schema folder is refused (configuration error)."""
    (tmp_path / "outside.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"/>'
    )
    catalog = SchemaCatalog(_fake_folder(tmp_path, "../../../outside.xsd"))
    with pytest.raises(ConfigurationError, match=re.escape("outside.xsd")):
        catalog.schema("9.0.0", "Test.Nachricht.0001")


def test_network_include_refused(tmp_path: Path) -> None:
    """An include from the network is refused without any connection attempt."""
    catalog = SchemaCatalog(_fake_folder(tmp_path, "http://127.0.0.1:9/x.xsd"))
    with pytest.raises(ConfigurationError, match=re.escape("http://127.0.0.1:9/x.xsd")):
        catalog.schema("9.0.0", "Test.Nachricht.0001")


def test_version_helpers() -> None:
    """Namespace -> version, version -> head layout, message name -> type code."""
    assert version_of("urn:xoev-de:xdomea:schema:3.1.0") == "3.1.0"
    assert version_of("urn:xoev-de:xdomea:schema:latest") is None
    assert version_of("urn:other") is None
    assert layout_for("2.3.0") is not None and not layout_for("2.3.0").basis  # type: ignore[union-attr]
    assert layout_for("4.0.0") is not None and layout_for("4.0.0").basis  # type: ignore[union-attr]
    assert layout_for("5.0.0") is None
    assert message_code("FVDaten.SGOAblegen.0605") == "0605"
    assert message_code("Kopf") is None
