"""The Audit and Clock ports' contracts, held by the fakes and by the JSON-lines trail and the wall clock."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeAudit, FakeClock

from adapter.audit import JsonlAuditLog
from adapter.audit.trail import AuditTrail
from adapter.domain.errors import InvalidInput
from adapter.ports.audit import Action, Audit, Outcome
from adapter.ports.clock import Clock, SystemClock

RECORD = uuid.UUID("3f2b8c1e-0000-4000-8000-000000000001")
FIELDS = ("client", "clerk", "action", "record", "aktenzeichen", "outcome", "at")


@dataclass
class Rig:
    audit: Audit
    entries: Callable[[], list[dict[str, Any]]]
    break_it: Callable[[], None]


@pytest.fixture(params=["fake", "jsonl"])
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Rig:
    clock = FakeClock()
    if request.param == "fake":
        fake = FakeAudit(client="fv-personal", clock=clock)

        def broken() -> None:
            fake.failing = True

        return Rig(fake, lambda: [e.fields() for e in fake.entries], broken)
    log = JsonlAuditLog(tmp_path / "audit" / "audit.jsonl", fsync=False)
    trail = AuditTrail(log, client="fv-personal", clock=clock)

    def entries() -> list[dict[str, Any]]:
        return [{k: v for k, v in json.loads(line).items() if k in FIELDS} for line in log.lines()]

    def unwritable() -> None:
        log.path.unlink(missing_ok=True)
        log.path.mkdir()  # a directory where the log file should be: the append cannot open it

    return Rig(trail, entries, unwritable)


def test_entries_carry_ids_action_and_outcome_in_order(rig: Rig) -> None:
    """Each call appends one entry: client, clerk, action, record UUID, Aktenzeichen, outcome, time."""
    rig.audit.record(Action.CREATE, record=RECORD, clerk="pers-01", outcome=Outcome.OK,
                     aktenzeichen="11.02-2026-00001")
    rig.audit.record(Action.READ, record=RECORD, clerk="pers-02", outcome=Outcome.REFUSED)
    first, second = rig.entries()
    assert first == {"client": "fv-personal", "clerk": "pers-01", "action": "create", "record": str(RECORD),
                     "aktenzeichen": "11.02-2026-00001", "outcome": "ok", "at": first["at"]}
    assert (second["action"], second["outcome"], second["aktenzeichen"]) == ("read", "refused", None)


def test_free_text_where_an_id_belongs_is_refused_and_not_written(rig: Rig) -> None:
    """A clerk's name with a line break (or any non-id text) is InvalidInput; nothing is appended."""
    with pytest.raises(InvalidInput):
        rig.audit.record(Action.READ, record=RECORD, clerk="Frau Müller\nBesoldung", outcome=Outcome.OK)
    assert rig.entries() == []


def test_an_entry_that_cannot_be_written_raises(rig: Rig) -> None:
    """The port's promise: an unaudited access must not pass, so a failed write raises."""
    rig.break_it()
    with pytest.raises(OSError):
        rig.audit.record(Action.READ, record=RECORD, clerk="pers-01", outcome=Outcome.OK)


@pytest.mark.parametrize("clock", [SystemClock(), FakeClock()], ids=["system", "fake"])
def test_clocks_tell_aware_utc_time(clock: Clock) -> None:
    """now() is timezone-aware UTC."""
    now = clock.now()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(0) and now.tzinfo == UTC


def test_the_fake_clock_moves_only_when_told() -> None:
    """FakeClock stands still, advances by a delta or keyword parts, and jumps with set."""
    clock = FakeClock()
    start = clock.now()
    assert clock.now() == start
    assert clock.advance(minutes=5) == start + timedelta(minutes=5)
    clock.set(start)
    assert clock.now() == start
