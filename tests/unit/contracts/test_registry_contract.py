"""The Registry and AktenzeichenCounter ports' contracts, held by the fake and by the SQLite registry alike."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Protocol

import pytest
from fakes import FakeRegistry

from adapter.domain.errors import Conflict, InvalidInput
from adapter.ports.aktenzeichen import AktenzeichenCounter
from adapter.ports.registry import Registry, RegistryEntry
from adapter.registry import SqliteRegistry


class Both(Registry, AktenzeichenCounter, Protocol):
    """What both implementations are: the registry and the counter in one store."""


@pytest.fixture(params=["fake", "sqlite"])
def registry(request: pytest.FixtureRequest, tmp_path: Path) -> Both:
    return FakeRegistry() if request.param == "fake" else SqliteRegistry(tmp_path / "registry.db")


def _akte(aktenzeichen: str | None = "36.10-2026-00001", uid: uuid.UUID | None = None) -> RegistryEntry:
    return RegistryEntry(uid or uuid.uuid4(), "akte", "umwelt-genehmigung", "/Umwelt/A", "obj-1", "Kläranlage",
                         aktenzeichen)


def _akte_with_vorgang(registry: Both) -> tuple[RegistryEntry, RegistryEntry]:
    """An Akte and a Vorgang in it, both put into ``registry``."""
    akte = _akte()
    vorgang = RegistryEntry(uuid.uuid4(), "vorgang", akte.record_class, "/Umwelt/A/V", "obj-2", "Erlaubnis",
                            None, akte.uuid)
    registry.put(akte)
    registry.put(vorgang)
    return akte, vorgang


def test_entries_are_kept_replaced_and_forgotten(registry: Both) -> None:
    """put/get round-trip every field; a second put replaces; forget removes (twice is fine)."""
    akte, vorgang = _akte_with_vorgang(registry)
    assert registry.get(akte.uuid) == akte and registry.get(vorgang.uuid) == vorgang
    moved = RegistryEntry(vorgang.uuid, "vorgang", akte.record_class, "/Umwelt/B/V", "obj-3", "Erlaubnis", None,
                          akte.uuid)
    registry.put(moved)
    assert registry.get(vorgang.uuid) == moved
    registry.forget(vorgang.uuid)
    registry.forget(vorgang.uuid)
    assert registry.get(vorgang.uuid) is None and registry.get(uuid.uuid4()) is None


def test_many_entries_are_read_at_once_and_unknown_ones_left_out(registry: Both) -> None:
    akte, vorgang = _akte_with_vorgang(registry)
    unknown = uuid.uuid4()
    assert registry.get_many([vorgang.uuid, unknown, akte.uuid]) == {akte.uuid: akte, vorgang.uuid: vorgang}
    assert registry.get_many([unknown]) == {} and registry.get_many([]) == {}


def test_an_aktenzeichen_names_one_akte(registry: Both) -> None:
    """by_aktenzeichen finds the Akte; an Akte put later with the same Aktenzeichen replaces the older
    entry; entries of other levels are never found by it."""
    old, new = _akte(), _akte()
    registry.put(old)
    assert registry.by_aktenzeichen("36.10-2026-00001") == old
    registry.put(new)
    assert registry.by_aktenzeichen("36.10-2026-00001") == new and registry.get(old.uuid) is None
    marker = RegistryEntry(uuid.uuid4(), "zda", "umwelt-genehmigung", "/x", "obj-9", "zdA", "36.10-2026-00002")
    registry.put(marker)
    assert registry.by_aktenzeichen("36.10-2026-00002") is None and registry.get(marker.uuid) == marker


def test_the_first_reservation_of_an_akte_wins(registry: Both) -> None:
    """reserve_aktenzeichen binds once: a retry gets the Aktenzeichen bound first; reserved() reads it."""
    akte = uuid.uuid4()
    assert registry.reserved(akte) is None
    assert registry.reserve_aktenzeichen(akte, "36.10-2026-00001") == "36.10-2026-00001"
    assert registry.reserve_aktenzeichen(akte, "36.10-2026-00007") == "36.10-2026-00001"
    assert registry.reserved(akte) == "36.10-2026-00001"
    assert registry.writable()


def test_an_aktenzeichen_bound_to_another_akte_is_a_conflict(registry: Both) -> None:
    """The same Aktenzeichen for a second Akte is refused with Conflict; the first binding stays."""
    first, second = uuid.uuid4(), uuid.uuid4()
    registry.reserve_aktenzeichen(first, "36.10-2026-00003")
    with pytest.raises(Conflict):
        registry.reserve_aktenzeichen(second, "36.10-2026-00003")
    assert registry.reserved(first) == "36.10-2026-00003" and registry.reserved(second) is None


def test_numbers_run_per_key_and_year_from_one(registry: Both) -> None:
    """First number 1, then 2; another key or year counts on its own; last_number reads without spending."""
    assert registry.last_number("36.10", 2026) is None
    assert [registry.next_number("36.10", 2026) for _ in range(3)] == [1, 2, 3]
    assert registry.next_number("36.10", 2027) == 1 and registry.next_number("11.02", 2026) == 1
    assert registry.last_number("36.10", 2026) == 3 and registry.last_number("36.10", 2026) == 3


def test_observed_numbers_are_never_issued_and_never_lower_the_counter(registry: Both) -> None:
    """observe raises the counter to an imported number; a lower one changes nothing."""
    registry.next_number("36.10", 2026)
    registry.observe("36.10", 2026, 41)
    registry.observe("36.10", 2026, 7)
    assert registry.last_number("36.10", 2026) == 41 and registry.next_number("36.10", 2026) == 42
    registry.observe("11.02", 2025, 5)
    assert registry.next_number("11.02", 2025) == 6


def test_a_number_spent_by_a_failed_caller_is_not_reused(registry: Both) -> None:
    """Gaps are allowed, reuse is not: a number whose filing failed is gone for good."""
    spent = registry.next_number("36.10", 2026)
    assert registry.next_number("36.10", 2026) == spent + 1


def test_fake_refuses_a_malformed_key_the_rule_refuses() -> None:
    """The fake counts through domain.allocation.RunningNumbers, which refuses a malformed Aktenplan key
    (the SQLite counter trusts allocate_aktenzeichen to have checked it first)."""
    with pytest.raises(InvalidInput):
        FakeRegistry().next_number("36/10", 2026)
