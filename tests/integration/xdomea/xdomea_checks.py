"""Checks shared by the xdomea import tests: receipts against the official schema, DMS state.

Receipts are looked up by what the naming rule of their version gives (``receipt_file``): 2.x/3.x
``{ProzessID}_{Nachrichtenname}.xml``, 4.x ``{ProzessID}_{Typ}_{LfdNr}.xml``; written here from the
specification, not from the adapter's ``naming`` module, so the tests check that module too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from lxml import etree

from adapter.ports.dms import DmsRef
from adapter.safexml import parse_bytes
from adapter.services.records.service import RecordService
from adapter.xoev.xdomea.schemas import SchemaCatalog

ANSWER_NAMES = {"0629": "FVDaten.EmpfangBestaetigen.0629", "0630": "FVDaten.ImportBestaetigen.0630",
                "0402": "Abgabe.ImportBestaetigen.0402", "0403": "Abgabe.EmpfangBestaetigen.0403"}
_CODE = re.compile(r"_(?:[A-Za-z]+\.[A-Za-z]+\.)?(\d{4})(?:_\d+)?\.xml$")


def receipt_file(built: Any, code: str, part: int = 1) -> str:
    """The file name of our answer ``code`` to the message ``built`` (a ``Built``), by its version's rule."""
    if built.version.startswith("4."):
        return f"{built.process_id}_{code}_{part}.xml"
    return f"{built.process_id}_{ANSWER_NAMES[code]}.xml"


def by_code(receipts: Mapping[str, bytes]) -> dict[str, bytes]:
    """Receipts by their type code (``"0630"`` …), whatever the naming rule of their version."""
    out = {}
    for name, data in receipts.items():
        found = _CODE.search(name)
        assert found, name
        out[found.group(1)] = data
    return out


def valid_receipt(catalog: SchemaCatalog, data: bytes) -> Any:
    """The receipt's root after checking it against the official schema of its version."""
    tree = parse_bytes(data)
    root = tree.getroot()
    version = etree.QName(root).namespace.rsplit(":", 1)[1]
    problems = catalog.schema(version, etree.QName(root).localname).problems(tree)
    assert problems == [], problems
    return root


def codes(root: Any) -> list[str]:
    """Every code under ErfolgOderMisserfolg/Rueckmeldung (general and specific)."""
    ns = etree.QName(root).namespace
    return [c.text for c in root.iterfind(f"{{{ns}}}ErfolgOderMisserfolg/{{{ns}}}Rueckmeldung/*/code")]


def parameters(root: Any) -> list[dict[str, str | None]]:
    """The Rueckgabeparameter of a 0630 as dicts (number, id, name, value, ok, codes)."""
    ns = "{" + etree.QName(root).namespace + "}"
    out = []
    for p in root.iterfind(f"{ns}ErfolgOderMisserfolg/{ns}Rueckgabeparameter"):
        field = p.find(f"{ns}Parameter/{ns}AllgemeinerRueckgabeparameter")
        choice = p.find(f"{ns}Parameter")[0]  # ZumLoeschenMarkiert / Ablageort: its name and text
        name = field.findtext(f"{ns}Name") if field is not None else etree.QName(choice).localname
        value = field.findtext(f"{ns}Wert") if field is not None else choice.text
        ours = p.findtext(f"{ns}IDSGO") or p.findtext(f"{ns}IDSchriftgutobjektDMS")  # 4.0.0 renamed it
        out.append({"number": p.findtext(f"{ns}NummerImStapel"), "id": ours,
                    "name": name, "value": value,
                    "ok": p.findtext(f"{ns}Erfolgreich"),
                    "codes": ",".join(c.text for c in p.iterfind(f"{ns}Rueckmeldung/*/code")) or None})
    return out


def properties(records: RecordService, our_id: str) -> dict[str, Any]:
    """The DMS properties of one of our objects (read from the DMS, not from the registry)."""
    entry = records.entry(UUID(our_id))
    return dict(records.dms.get(DmsRef(entry.ref)).properties)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
