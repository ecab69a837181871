"""The AussonderungLedger port's contract, held by the fake and by the SQLite ledger alike."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakes import FakeLedger

from adapter.domain.aussonderung import State
from adapter.domain.errors import Conflict, IdempotencyConflict
from adapter.ports.aussonderung import AussonderungLedger, LedgerMessage, LedgerObject, Process
from adapter.registry.aussonderung import SqliteLedger

AT = datetime(2060, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(params=["fake", "sqlite"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> AussonderungLedger:
    return FakeLedger() if request.param == "fake" else SqliteLedger(tmp_path / "aussonderung.db")


def _process(pid: str = "p-1") -> Process:
    return Process(pid, "3.0.0", "archiv:01", "offer", AT, "egov-adapter")


def _objects(pid: str = "p-1") -> list[LedgerObject]:
    top, child = uuid.uuid4(), uuid.uuid4()
    return [LedgerObject(pid, top, None, top, "akte", "umwelt-genehmigung", "ref-1", "/U/A", "A", "Akte",
                         "36.10-2026-00001", "f1", 0, State.OFFERED),
            LedgerObject(pid, child, top, top, "dokument", "umwelt-genehmigung", "ref-2", "/U/A/d.pdf", "d.pdf",
                         "Antrag", None, "f2", 12, State.OFFERED)]


def _message(pid: str = "p-1", number: int = 1, sha: str = "a" * 64, outcome: str = "ok") -> LedgerMessage:
    return LedgerMessage(pid, "in", "0502", number, sha, AT, "u-1", outcome, "0000003" if outcome != "ok" else None,
                         "unknown" if outcome != "ok" else None, 2)


def test_a_process_is_opened_once_with_its_objects_in_order(ledger: AussonderungLedger) -> None:
    """open_process stores process and objects; the same ProzessID again returns the stored one unchanged."""
    objects = _objects()
    stored, created = ledger.open_process(_process(), objects)
    assert created and stored == _process()
    again, created = ledger.open_process(replace(_process(), archive="other"), _objects())
    assert not created and again.archive == "archiv:01"
    assert ledger.objects("p-1") == objects and ledger.process("p-1") == _process()
    assert ledger.processes() == [_process()] and ledger.process("nope") is None and ledger.objects("nope") == []


def test_an_object_is_in_one_unfinished_process_at_a_time(ledger: AussonderungLedger) -> None:
    """A second process naming an object the first has not finished with is refused whole; once finished, fine."""
    objects = _objects()
    ledger.open_process(_process(), objects)
    again = [replace(o, process_id="p-2") for o in objects]
    with pytest.raises(Conflict):
        ledger.open_process(_process("p-2"), again)
    assert ledger.process("p-2") is None and ledger.objects("p-2") == []
    ledger.save([replace(o, state=State.DELETED) for o in objects])
    assert ledger.open_process(_process("p-2"), again)[1]


def test_saved_states_are_read_back_and_release_objects(ledger: AussonderungLedger) -> None:
    """save changes objects; released names the process only for archived/destroy, active for unfinished states."""
    akte, doc = _objects()
    ledger.open_process(_process(), [akte, doc])
    assert ledger.active(doc.uuid) == "p-1" and ledger.released(doc.uuid) is None
    changed = replace(doc, state=State.ARCHIVED, decision="A", part=2, archive_id="ARC-1", message="0506:1",
                      updated=AT)
    ledger.save([changed])
    assert ledger.objects("p-1")[1] == changed
    assert ledger.released(doc.uuid) == "p-1" and ledger.released(akte.uuid) is None
    ledger.save([replace(changed, state=State.DELETED)])
    assert ledger.active(doc.uuid) is None and ledger.released(doc.uuid) is None


def test_messages_are_kept_once_per_number(ledger: AussonderungLedger) -> None:
    """The same message again is not created; another content under the same number is a conflict."""
    first, created = ledger.record_message(_message())
    assert created and first == _message()
    assert ledger.record_message(_message()) == (_message(), False)
    with pytest.raises(IdempotencyConflict):
        ledger.record_message(_message(sha="b" * 64))
    assert ledger.messages("p-1") == [_message()]


def test_refusals_never_block_the_number(ledger: AussonderungLedger) -> None:
    """A refused message is kept once per content; the corrected one under the same number is then kept."""
    refused = _message(sha="c" * 64, outcome="refused")
    assert ledger.record_message(refused)[1] and not ledger.record_message(refused)[1]
    assert ledger.record_message(_message())[1]
    assert sorted(m.outcome for m in ledger.messages("p-1")) == ["ok", "refused"]
