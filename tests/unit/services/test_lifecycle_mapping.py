"""Lifecycle changes in DMS terms: only changed fields (plus the clerk), through the class's mapping rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from uuid import uuid4

import pytest

from adapter.domain.codes import Vertraulichkeitsstufe
from adapter.domain.errors import InvalidInput
from adapter.domain.metadata import Bearbeiter, Laufzeit
from adapter.mapping import load_mappings
from adapter.ports.registry import RegistryEntry
from adapter.resources import MAPPINGS_DIR
from adapter.services.lifecycle.mapping import Change, LifecycleMapping, canonical_fields

ROOT = Path(__file__).resolve().parents[3]
MAPPINGS = load_mappings(MAPPINGS_DIR)
GENERIC = LifecycleMapping(MAPPINGS.profile("generic"))
CLERK = Bearbeiter(kennung="k-1")


def _akte(cls: str, az: str) -> RegistryEntry:
    return RegistryEntry(uuid4(), "akte", cls, f"/x/{az}", "ref", "Betreff", az)


def test_only_changed_fields_and_the_clerk_are_sent() -> None:
    """A Betreff change sends ea:betreff and ea:bearbeiter, nothing else (no constants, no identity)."""
    entry = _akte("umwelt-genehmigung", "36.10-2026-00001")
    rc = MAPPINGS.record_class(entry.record_class)
    props = GENERIC.properties(entry, [], rc, Change({"betreff": "Neu"}, canonical_fields({"betreff"})), CLERK)
    assert props == {"ea:betreff": "Neu", "ea:bearbeiter": "k-1"}


def test_class_minimum_and_code_lists_apply() -> None:
    """A Personalakte cannot drop below Vertraulich (005), mapped through its code list."""
    entry = _akte("personalakte", "11.02-2026-00001")
    rc = MAPPINGS.record_class(entry.record_class)
    change = Change({"vertraulichkeit": Vertraulichkeitsstufe("003")}, frozenset({"vertraulichkeit"}))
    assert GENERIC.properties(entry, [], rc, change, CLERK)["ea:vertraulichkeit"] == "vertraulich"


def test_zda_with_laufzeit_end_and_reopen_clearing_it() -> None:
    """zdA sends the flag and the end as midnight in the class's zone; reopening clears the end (None)."""
    entry = _akte("umwelt-genehmigung", "36.10-2026-00002")
    rc = MAPPINGS.record_class(entry.record_class)
    fields = frozenset({"zda", "laufzeit.ende"})
    closed = GENERIC.properties(entry, [], rc, Change({"laufzeit": Laufzeit(None, date(2020, 1, 1))}, fields,
                                                      zda=True), CLERK)
    assert closed["ea:zdA"] is True and closed["ea:laufzeitEnde"] == datetime(2019, 12, 31, 23, tzinfo=UTC)
    reopened = GENERIC.properties(entry, [], rc, Change({}, fields), CLERK)
    assert reopened["ea:zdA"] is False and reopened["ea:laufzeitEnde"] is None


def test_fields_of_another_level_are_refused() -> None:
    """dokumentart is no field of an Akte; federfuehrung none of a Dokument."""
    entry = _akte("umwelt-genehmigung", "36.10-2026-00003")
    rc = MAPPINGS.record_class(entry.record_class)
    with pytest.raises(InvalidInput, match="dokumentart"):
        GENERIC.properties(entry, [], rc, Change({"dokumentart": "x"}, frozenset({"dokumentart"})), CLERK)
    doc = RegistryEntry(uuid4(), "dokument", "posteingang", "/Posteingang/2026/01/a.pdf", "r", "Brief")
    with pytest.raises(InvalidInput, match="federfuehrung"):
        GENERIC.properties(doc, [], MAPPINGS.record_class("posteingang"),
                           Change({"federfuehrung": "x"}, frozenset({"federfuehrung"})), CLERK)
