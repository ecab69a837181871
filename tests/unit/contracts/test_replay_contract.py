"""The ReplayStore port's contract (``adapter.ports.replay``), held by the fake and by the SQLite store alike.

Both run on a clock the test moves: the fake on a ``FakeClock``, the SQLite store on its module's
``time`` replaced by one that reads the same clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from fakes import FakeClock, FakeReplayStore

from adapter.domain.errors import IdempotencyConflict, RequestInProgress
from adapter.domain.idempotency import IdempotencyKey
from adapter.journal import replay as sqlite_replay
from adapter.ports.replay import ReplayStore, StoredAnswer

HR = IdempotencyKey.of_client("hr", "k-1")
UMWELT = IdempotencyKey.of_client("umwelt", "k-1")


@dataclass
class Rig:
    store: ReplayStore
    advance: Callable[..., object]


@pytest.fixture(params=["fake", "sqlite"])
def rig(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Rig:
    clock = FakeClock()
    if request.param == "fake":
        return Rig(FakeReplayStore(ttl_hours=24, clock=clock), clock.advance)
    monkeypatch.setattr(sqlite_replay, "time", SimpleNamespace(time=lambda: clock.now().timestamp()))
    return Rig(sqlite_replay.SqliteReplayStore(tmp_path / "replay.db", ttl_hours=24), clock.advance)


def test_a_finished_answer_is_replayed_to_the_same_request(rig: Rig) -> None:
    """begin claims (None: run it), finish keeps the answer, the same key and fingerprint replay it."""
    assert rig.store.begin(HR, "f1") is None
    rig.store.finish(HR, 201, '{"id": 1}')
    assert rig.store.begin(HR, "f1") == StoredAnswer(201, '{"id": 1}')
    assert rig.store.begin(HR, "f1") == StoredAnswer(201, '{"id": 1}')


def test_another_request_under_the_key_is_a_conflict(rig: Rig) -> None:
    """Another fingerprint under a claimed or finished key raises IdempotencyConflict; keys are per client."""
    assert rig.store.begin(HR, "f1") is None
    with pytest.raises(IdempotencyConflict):
        rig.store.begin(HR, "f2")
    rig.store.finish(HR, 200, "{}")
    with pytest.raises(IdempotencyConflict):
        rig.store.begin(HR, "f2")
    assert rig.store.begin(UMWELT, "f2") is None


def test_a_running_request_is_in_progress_until_its_claim_goes_stale(rig: Rig) -> None:
    """While the first request runs, a repeat is RequestInProgress; a claim older than a few minutes
    (its process died) is taken over."""
    assert rig.store.begin(HR, "f1") is None
    rig.advance(minutes=5)
    with pytest.raises(RequestInProgress):
        rig.store.begin(HR, "f1")
    rig.advance(minutes=15)
    assert rig.store.begin(HR, "f1") is None


def test_abandon_frees_an_unfinished_claim_only(rig: Rig) -> None:
    """After a failure the key may be sent again (even with another body); a finished answer stays."""
    assert rig.store.begin(HR, "f1") is None
    rig.store.abandon(HR)
    assert rig.store.begin(HR, "f2") is None
    rig.store.finish(HR, 202, "{}")
    rig.store.abandon(HR)
    assert rig.store.begin(HR, "f2") == StoredAnswer(202, "{}")


def test_keys_expire_after_the_time_to_live(rig: Rig) -> None:
    """After the time to live the key is forgotten: the next request under it runs anew."""
    assert rig.store.begin(HR, "f1") is None
    rig.store.finish(HR, 201, "{}")
    rig.advance(timedelta(hours=23))
    assert rig.store.begin(HR, "f1") is not None
    rig.advance(timedelta(hours=2))
    assert rig.store.begin(HR, "f2") is None
    assert rig.store.writable()
