"""0630 with Rueckgabeparameter: valid against the official schema in 2.x and 3.x layouts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from lxml import etree

from adapter.safexml import parse_bytes
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.import_receipt import ReturnParameter, build_import_receipt
from adapter.xoev.xdomea.message import Message, check_tree
from adapter.xoev.xdomea.receipts import Feedback, OurSystem
from adapter.xoev.xdomea.schemas import SchemaCatalog

OURS = "7a91cb55-1097-5649-baa3-1cff1d4a62b6"


def _incoming(data: bytes, catalog: SchemaCatalog) -> Message:
    tree = parse_bytes(data)
    return Message(tree, check_tree(tree, catalog=catalog))


@pytest.mark.parametrize("version", ["2.3.0", "2.4.0", "3.0.0", "3.1.0", "4.0.0"])
def test_parameters_and_failure_codes_validate(version: str, make_0605: Callable[[str], bytes],
                                               catalog: SchemaCatalog, codelists: CodeLists) -> None:
    """One filed and one refused entry: the 0630 names our id per FV id and the 0605 code, and is valid."""
    params = [ReturnParameter(1, OURS, "FachverfahrenObjektID", "FV-1", True),
              ReturnParameter(2, None, "FachverfahrenObjektID", "FV-2", False, ("0605001",))]
    data = build_import_receipt(_incoming(make_0605(version), catalog), [Feedback("0605001", specific=True)],
                                params, created=datetime(2024, 5, 2, tzinfo=UTC), system=OurSystem(),
                                catalog=catalog, codelists=codelists, note="Eintrag 2 nicht abgelegt")
    tree = parse_bytes(data)
    assert catalog.schema(version, "FVDaten.ImportBestaetigen.0630").problems(tree) == []
    ns = "{" + etree.QName(tree.getroot()).namespace + "}"
    found = tree.getroot().findall(f"{ns}ErfolgOderMisserfolg/{ns}Rueckgabeparameter")
    id_sgo = "IDSchriftgutobjektDMS" if version.startswith("4.") else "IDSGO"  # 4.0.0 renamed it
    assert [p.findtext(f"{ns}{id_sgo}") for p in found] == [OURS, None]
    assert [p.findtext(f"{ns}Erfolgreich") for p in found] == ["1", "0"]
    note = tree.getroot().findtext(f"{ns}ErfolgOderMisserfolg/{ns}Rueckmeldung/{ns}SonstigeFehlermeldung")
    assert note == (None if version.startswith("2.") else "Eintrag 2 nicht abgelegt")


def test_unknown_specific_code_is_refused(make_0605: Callable[[str], bytes], catalog: SchemaCatalog,
                                          codelists: CodeLists) -> None:
    """A code the 0605 list does not have never reaches the wire."""
    with pytest.raises(Exception, match="0605999"):
        build_import_receipt(_incoming(make_0605("3.1.0"), catalog), [Feedback("0000000")],
                             [ReturnParameter(1, None, "FachverfahrenObjektID", "F", False, ("0605999",))],
                             created=datetime(2024, 5, 2, tzinfo=UTC), system=OurSystem(), catalog=catalog,
                             codelists=codelists)
