"""Checks shared by the xdomea import tests: receipts against the official schema, DMS state."""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID

from lxml import etree

from adapter.ports.dms import DmsRef
from adapter.safexml import parse_bytes
from adapter.services.records.service import RecordService
from adapter.xoev.xdomea.schemas import SchemaCatalog


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
        out.append({"number": p.findtext(f"{ns}NummerImStapel"), "id": p.findtext(f"{ns}IDSGO"),
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
