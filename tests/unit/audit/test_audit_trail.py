"""The audit trail: hash chain, HMAC checkpoints, and detection of every kind of tampering."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from adapter.audit import Action, AuditEvent, JsonlAuditLog, Outcome, load_key, verify, write_checkpoint
from adapter.audit.model import entry_hash
from adapter.domain.errors import ConfigurationError, InvalidInput

KEY = b"k" * 32
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def event(n: int, outcome: Outcome = Outcome.OK) -> AuditEvent:
    return AuditEvent(client="fv-bau", clerk="sb-0042", action=Action.CREATE, record=uuid.UUID(int=n),
                      outcome=outcome, at=T0 + timedelta(seconds=n), aktenzeichen=f"63.1-{n}/2026")


@pytest.fixture
def trail(tmp_path: Path) -> tuple[Path, Path]:
    """A log of 5 entries with a checkpoint after 3 and after 5."""
    log, cps = tmp_path / "audit.jsonl", tmp_path / "checkpoints.jsonl"
    audit = JsonlAuditLog(log)
    for n in range(1, 6):
        audit.append(event(n))
        if n in (3, 5):
            write_checkpoint(log, cps, KEY, T0)
    return log, cps


def entries(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def rewrite(log: Path, items: list[dict[str, Any]]) -> None:
    log.write_text("".join(json.dumps(e, sort_keys=True) + "\n" for e in items))


def reseal(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What an attacker with write access does: renumber and recompute the whole chain."""
    prev = "0" * 64
    for seq, item in enumerate(items, start=1):
        item.update(seq=seq, prev=prev)
        item["hash"] = prev = entry_hash(item)
    return items


def test_untouched_trail_verifies(trail: tuple[Path, Path]) -> None:
    """An appended chain with two checkpoints verifies."""
    report = verify(*trail, KEY)
    assert (report.ok, report.entries, report.checkpoints) == (True, 5, 2)


def test_edited_entry_is_found(trail: tuple[Path, Path]) -> None:
    """Changing an entry's outcome is reported at that entry."""
    items = entries(trail[0])
    items[1]["outcome"] = "refused"
    rewrite(trail[0], items)
    assert verify(*trail, KEY).first_bad_seq == 2


def test_edited_entry_with_recomputed_hash_breaks_the_link(trail: tuple[Path, Path]) -> None:
    """Re-hashing an edited entry still breaks the next entry's prev link."""
    items = entries(trail[0])
    items[1]["outcome"] = "refused"
    items[1]["hash"] = entry_hash(items[1])
    rewrite(trail[0], items)
    report = verify(*trail, KEY)
    assert report.first_bad_seq == 3 and "chain broken" in (report.problem or "")


def test_removed_and_reordered_entries_are_found(trail: tuple[Path, Path]) -> None:
    """Dropping entry 2 or swapping entries 3 and 4 is reported at the first position affected."""
    items = entries(trail[0])
    rewrite(trail[0], items[:1] + items[2:])
    assert verify(*trail, KEY).first_bad_seq == 2
    rewrite(trail[0], [items[0], items[1], items[3], items[2], items[4]])
    assert verify(*trail, KEY).first_bad_seq == 3


def test_truncated_tail_is_found_by_the_checkpoint(trail: tuple[Path, Path]) -> None:
    """Cutting the last two entries leaves a valid chain, but the last checkpoint covers 5 entries."""
    rewrite(trail[0], entries(trail[0])[:3])
    report = verify(*trail, KEY)
    assert not report.ok and "truncated" in (report.problem or "") and report.first_bad_seq == 4


def test_wholesale_rewrite_is_found_by_the_checkpoint(trail: tuple[Path, Path]) -> None:
    """A rewritten, internally consistent chain does not match the signed heads."""
    items = entries(trail[0])
    del items[1]
    items.append(dict(items[-1], record=str(uuid.UUID(int=99))))
    rewrite(trail[0], reseal(items))
    report = verify(*trail, KEY)
    assert not report.ok and "rewritten" in (report.problem or "") and report.first_bad_seq == 3


def test_forged_checkpoint_is_found(trail: tuple[Path, Path]) -> None:
    """A checkpoint signed with another key (the writer cannot read the real one) is refused."""
    items = reseal(entries(trail[0])[:2])
    rewrite(trail[0], items)
    trail[1].write_text("")
    write_checkpoint(trail[0], trail[1], b"w" * 32, T0)
    assert "forged" in (verify(*trail, KEY).problem or "")


def test_concurrent_appends_keep_one_chain(tmp_path: Path) -> None:
    """Threads appending through separate handles (flock) produce one unbroken chain."""
    log = tmp_path / "audit.jsonl"

    def writer() -> None:
        audit = JsonlAuditLog(log, fsync=False)
        for n in range(25):
            audit.append(event(n))

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert verify(log, tmp_path / "none.jsonl", KEY).entries == 100
    assert verify(log, tmp_path / "none.jsonl", KEY).ok


def test_events_carry_ids_only() -> None:
    """Free text (punctuation, line breaks, overlong values) and naive times are refused."""
    for bad in ({"clerk": "Erika Mustermann, Hauptstr. 5"}, {"aktenzeichen": "a\nb"}, {"client": "x" * 129}):
        with pytest.raises(InvalidInput):
            AuditEvent(**{**event(1).__dict__, **bad})
    with pytest.raises(InvalidInput):
        AuditEvent(**{**event(1).__dict__, "at": datetime(2026, 1, 1)})


def test_short_or_missing_key_is_a_configuration_error(tmp_path: Path) -> None:
    """The checkpoint key must exist and have at least 32 bytes."""
    (tmp_path / "key").write_bytes(b"short")
    for path in (tmp_path / "key", tmp_path / "missing"):
        with pytest.raises(ConfigurationError):
            load_key(path)
