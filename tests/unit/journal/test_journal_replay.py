"""The replay store on SQLite: claim, replay, refuse another request under the key, free after a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapter.domain.errors import IdempotencyConflict, RequestInProgress
from adapter.domain.idempotency import IdempotencyKey
from adapter.journal.replay import SqliteReplayStore


def test_replay_mismatch_in_progress_and_abandon(tmp_path: Path) -> None:
    """Claim, finish, replay; another fingerprint conflicts; a running key is in progress; abandon frees it."""
    store = SqliteReplayStore(tmp_path / "i.db")
    hr, umwelt = IdempotencyKey.of_client("hr", "k"), IdempotencyKey.of_client("umwelt", "k")
    assert store.begin(hr, "f1") is None
    with pytest.raises(RequestInProgress):
        store.begin(hr, "f1")
    store.finish(hr, 201, '{"id": 1}')
    replay = store.begin(hr, "f1")
    assert replay is not None and (replay.status, replay.body) == (201, '{"id": 1}')
    with pytest.raises(IdempotencyConflict):
        store.begin(hr, "f2")
    assert store.begin(umwelt, "f2") is None  # scoped per client
    store.abandon(umwelt)
    assert store.begin(umwelt, "f3") is None
    assert store.writable()


def test_answers_survive_a_new_store_on_the_same_file(tmp_path: Path) -> None:
    """A restarted process replays what the first one stored."""
    key = IdempotencyKey.of_client("hr", "k")
    first = SqliteReplayStore(tmp_path / "i.db")
    assert first.begin(key, "f") is None
    first.finish(key, 202, '{"id": "j"}')
    again = SqliteReplayStore(tmp_path / "i.db").begin(key, "f")
    assert again is not None and again.status == 202
