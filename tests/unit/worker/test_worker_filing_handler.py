"""The filing handler: one DMS call, its result recorded by the job's completion alone (no extra step write)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

from adapter.journal import open_journal
from adapter.journal.spool import Spool
from adapter.services.records.filing import FilingRequest
from adapter.services.records.intake import enqueue_filing
from adapter.worker.filing import STEP, FilingHandler
from adapter.worker.runner import Worker

REQUEST = FilingRequest(record_class="posteingang", betreff="Antrag", bearbeiter="post-01")


class _Filed:
    def __init__(self, n: int) -> None:
        self.n = n

    def to_json(self) -> dict[str, Any]:
        return {"dokument": f"D-{self.n}", "created": True}


class _FakeFiling:
    def __init__(self) -> None:
        self.calls = 0

    def file(self, request: FilingRequest, content: Any) -> _Filed:
        self.calls += 1
        return _Filed(self.calls)


def _rig(tmp_path: Path) -> tuple[Any, Spool, _FakeFiling, Worker]:
    journal, spool, filing = open_journal(f"sqlite:///{tmp_path / 'j.db'}"), Spool(tmp_path / "spool"), _FakeFiling()
    handler = FilingHandler(filing, spool)  # type: ignore[arg-type]
    return journal, spool, filing, Worker(journal, {"filing": handler}, worker_id="w", poll_seconds=0.01)


def test_a_filing_completes_with_its_result_and_records_no_separate_step(tmp_path: Path) -> None:
    """The job is done with the filing's result after one DMS call; no ``filed`` step was written
    (record_step would raise here), and the spool file is gone."""
    journal, spool, filing, worker = _rig(tmp_path)
    job, _ = enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"abc"), name="a.pdf", media_type="x/y")

    def refuse(*_: Any) -> Any:
        raise AssertionError("record_step must not be called for a one-step filing")

    journal.record_step = refuse
    assert worker.run_one()
    done = journal.get(job.id)
    assert done.state == "done" and done.result == {"dokument": "D-1", "created": True}
    assert filing.calls == 1 and list(spool.root.iterdir()) == []


def test_a_job_that_carries_a_filed_step_completes_from_it_without_filing(tmp_path: Path) -> None:
    """A job whose ``filed`` step an earlier worker recorded completes with that result; the DMS is not touched."""
    journal, spool, filing, worker = _rig(tmp_path)
    job, _ = enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"abc"), name="a.pdf", media_type="x/y")
    claimed = journal.claim("old", timedelta(seconds=0))
    journal.record_step(claimed.id, claimed.lease_token, STEP, {"dokument": "D-old", "created": True})
    assert worker.run_one()  # takes the expired lease over
    done = journal.get(job.id)
    assert done.state == "done" and done.result == {"dokument": "D-old", "created": True} and filing.calls == 0
