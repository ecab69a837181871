"""Code lists: genericode files of both layouts load into frozen objects, per version."""

from __future__ import annotations

import pytest

from adapter.domain.errors import ConfigurationError, InvalidInput
from adapter.xoev.xdomea.codelists import CodeLists


@pytest.mark.parametrize(
    ("version", "list_version"),
    [("2.3.0", "1.0"), ("2.4.0", "1.0"), ("3.0.0", "1.1"), ("3.1.0", "1.1"), ("4.0.0", "1.1")],
)
def test_general_feedback_per_version(codelists: CodeLists, version: str, list_version: str) -> None:
    """AllgemeineRueckmeldung loads from the folder published with each version."""
    codes = codelists.general(version)
    assert codes.uri == "urn:xoev-de:xdomea:codeliste:allgemeinerueckmeldung"
    assert codes.version == list_version
    assert codes.require("0000000").startswith("Ausführung wurde erfolgreich")


def test_specific_list_and_unknown_code(codelists: CodeLists) -> None:
    """0605.SpezifischeFehlermeldung has 0605004; unknown codes are InvalidInput."""
    codes = codelists.specific("3.0.0", "0605")
    assert codes.require("0605004") == "Datei kann nicht gefunden werden."
    with pytest.raises(InvalidInput):
        codes.require("0605999")


def test_lists_are_frozen_and_cached(codelists: CodeLists) -> None:
    """A loaded list is immutable and loaded once."""
    codes = codelists.general("3.0.0")
    with pytest.raises(TypeError):
        codes.codes["x"] = "y"  # type: ignore[index]
    assert codelists.general("3.1.0") is codes


def test_missing_list_is_configuration_error(codelists: CodeLists) -> None:
    """A code list that is not in the folder is a configuration error."""
    with pytest.raises(ConfigurationError):
        codelists.specific("3.0.0", "0630")


def test_40_reads_the_lists_it_enumerates_from_its_schema(codelists: CodeLists) -> None:
    """4.0.0's Nachrichtentyp is version 3.0, enumerated in xdomea-Datentypen.xsd (3.x: genericode 2.0)."""
    types = codelists.message_types("4.0.0")
    assert (types.uri, types.version) == ("urn:xoev-de:xdomea:codeliste:nachrichtentyp", "3.0")
    assert types.require("0630") == "FVDaten.ImportBestaetigen" and "0515" in types.codes
    assert codelists.message_types("3.0.0").version == "2.0"
    assert codelists.message_types("4.0.0") is types  # read once
    assert set(codelists.get("4.0.0", "Medium").codes) == {"001", "002", "003"}
    assert codelists.specific("4.0.0", "0605").version == "1.0"  # external lists: the 3.0.0 copies
