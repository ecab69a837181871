"""Negative variants of every handled type, in 3.1.0 and 4.0.0: refused as the schema or our rules say, answered.

Per type two variants: the message made schema-invalid (``Importbestaetigung`` 0 where the schema
fixes 1) is refused as a whole with a negative answer (0630 with 0000008; 0402 for an Abgabe); and a
valid message naming an object we do not know (or asking what we cannot answer) is answered with the
type's own SpezifischeFehlermeldung (0402: not taken over). Nothing is ever filed; every answer is
checked against the official schema of its version.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from egov_sandbox.server import SandboxServer
from lxml import etree
from records_helpers import stored_documents
from xdomea_checks import by_code, codes, valid_receipt
from xdomea_messages import (
    Act,
    abgabe,
    act,
    dokument,
    entry,
    felder,
    message,
    namen,
    neue_version,
    protokoll,
    suche,
    vorgang,
)
from xdomea_scenario import HANDLED

from adapter.services.xdomea.importer import XdomeaImportService
from adapter.xoev.errors import SchemaInvalid
from adapter.xoev.xdomea.schemas import SchemaCatalog

UNKNOWN = "00000000-0000-4000-8000-000000000001"

#: type -> (a message that cannot be done, the code its answer must carry, per generation where they differ)
CASES: dict[str, tuple[Callable[[str], Any], str | dict[str, str]]] = {
    "0604": (lambda v: message("0604", v, [entry("FV-1", vorgang("Ohne Akte"))]), "0604001"),
    "0605": (lambda v: message("0605", v, [entry("FV-1", dokument("D", {"d.pdf": b"D"}), container=UNKNOWN)]),
             "0605001"),
    "0601": (lambda v: act("0601", v, [Act(UNKNOWN, neue_version(dokument("D", {"d.pdf": b"D"})))]), "0601001"),
    "0607": (lambda v: act("0607", v, [Act(UNKNOWN, protokoll("Notiz"))]), "0607001"),
    "0608": (lambda v: suche(v, "freie Worte"), "0608001"),
    "0609": (lambda v: act("0609", v, [Act(UNKNOWN, felder(Betreff="X"))]), "0609001"),
    "0610": (lambda v: act("0610", v, [Act(UNKNOWN, felder(Betreff="X"))]), "0610001"),
    "0611": (lambda v: act("0611", v, [Act(UNKNOWN, namen("Betreff"))]), "0611001"),
    **{kind: ((lambda k: lambda v: act(k, v, [Act(UNKNOWN)]))(kind), f"{kind}001")
       for kind in ("0613", "0614", "0616", "0624", "0632")},
    # deleting what is not (or no longer) there is done, so that a repeated 0615 succeeds; an id that cannot be
    # ours is not: 4.0.0 names DMS objects by any string (IDSchriftgutobjektDMS), 3.x only by a UUID (IDSGO)
    "0615": (lambda v: act("0615", v, [Act("keine-uuid-von-uns")]), {"3": "0000008", "4": "0615001"}),
    "0401": (lambda v: abgabe(v, (vorgang("Ohne Akte", ident=UNKNOWN),)), "0402:0"),
}


def test_every_handled_type_has_its_negative_variants() -> None:
    """The table covers every handled type."""
    assert set(CASES) == HANDLED


def _answer(outcome: Any, kind: str, catalog: SchemaCatalog) -> Any:
    answers = by_code(outcome.receipts)
    return valid_receipt(catalog, answers["0402" if kind == "0401" else "0630"])


def _not_taken_over(root: Any) -> bool:
    ns = "{" + etree.QName(root).namespace + "}"
    flags = [e.text for e in root.iter(f"{ns}Erfolgreich")]
    return bool(flags) and set(flags) == {"0"}


@pytest.mark.parametrize("version", ["3.1.0", "4.0.0"])
@pytest.mark.parametrize("kind", sorted(CASES))
def test_schema_invalid_variant_is_refused_and_answered(
        kind: str, version: str, importer: Callable[..., XdomeaImportService], sandbox: SandboxServer,
        catalog: SchemaCatalog, tmp_path: Path) -> None:
    """Importbestaetigung 0 (the schema fixes 1): SchemaInvalid, a negative answer, nothing filed."""
    built = CASES[kind][0](version)
    bad = built.xml.replace(b"<xdomea:Importbestaetigung>1<", b"<xdomea:Importbestaetigung>0<")
    assert bad != built.xml
    outcome = importer().import_file(dataclasses.replace(built, xml=bad).container(tmp_path))
    assert isinstance(outcome.error, SchemaInvalid)
    root = _answer(outcome, kind, catalog)
    assert _not_taken_over(root) if kind == "0401" else codes(root)[0] == "0000008"
    assert stored_documents(sandbox) == {}


@pytest.mark.parametrize("version", ["3.1.0", "4.0.0"])
@pytest.mark.parametrize("kind", sorted(CASES))
def test_undoable_variant_is_answered_with_the_types_code(
        kind: str, version: str, importer: Callable[..., XdomeaImportService], sandbox: SandboxServer,
        catalog: SchemaCatalog, tmp_path: Path) -> None:
    """An object we do not know (or a question we cannot answer): the type's SpezifischeFehlermeldung."""
    build, codes_by_version = CASES[kind]
    expected = codes_by_version if isinstance(codes_by_version, str) else codes_by_version[version[0]]
    outcome = importer().import_file(build(version).container(tmp_path))
    assert outcome.error is not None and isinstance(outcome.error, SchemaInvalid) == (expected == "0000008")
    root = _answer(outcome, kind, catalog)
    if kind == "0401":
        assert _not_taken_over(root)
    else:
        assert expected in codes(root), (expected, codes(root))
    assert stored_documents(sandbox) == {}
