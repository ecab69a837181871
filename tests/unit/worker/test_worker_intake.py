"""Intake: the content is spooled and the job journalled before the caller hears back; redelivery is one job."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from adapter.config import load_settings
from adapter.domain.errors import IdempotencyConflict
from adapter.journal import open_journal
from adapter.journal.spool import Spool
from adapter.services.records.filing import FilingRequest
from adapter.services.records.intake import FILING, SpooledContent, enqueue_filing, filing_payload

REQUEST = FilingRequest(record_class="posteingang", betreff="Antrag", bearbeiter="post-01")


def test_enqueue_spools_hashes_and_journals(tmp_path: Path) -> None:
    """The job names the spooled content (name, media type, size, SHA-256) and the request, as staged."""
    journal, spool = open_journal(f"sqlite:///{tmp_path / 'j.db'}"), Spool(tmp_path / "spool")
    job, created = enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"abc"), name="a.pdf",
                                  media_type="application/pdf", client="fv")
    assert created and job.kind == FILING and job.state == "staged" and job.client == "fv"
    request, content, ref = filing_payload(journal.get(job.id).payload)
    assert request == REQUEST and content["size"] == 3 and content["sha256"].startswith("ba7816bf")
    source = SpooledContent(spool, ref, content["name"], content["media_type"], content["size"], content["sha256"])
    with source.open() as stream:
        assert stream.read() == b"abc"


def test_redelivery_is_the_same_job_and_leaves_one_spool_file(tmp_path: Path) -> None:
    """Same request, same bytes: same job, the duplicate content removed; other bytes: another job."""
    journal, spool = open_journal(f"sqlite:///{tmp_path / 'j.db'}"), Spool(tmp_path / "spool")
    first, _ = enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"abc"), name="a.pdf", media_type="x/y")
    again, created = enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"abc"), name="a.pdf", media_type="x/y")
    assert again.id == first.id and not created and len(list(spool.root.iterdir())) == 1
    other, created = enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"abd"), name="a.pdf", media_type="x/y")
    assert other.id != first.id and created


def test_a_reused_caller_key_with_other_content_is_refused(tmp_path: Path) -> None:
    """The caller's key names one request: other bytes under it are an IdempotencyConflict, nothing spooled."""
    journal, spool = open_journal(f"sqlite:///{tmp_path / 'j.db'}"), Spool(tmp_path / "spool")
    keyed = FilingRequest(record_class="posteingang", betreff="Antrag", bearbeiter="p", idempotency_key="fv-1")
    enqueue_filing(journal, spool, keyed, io.BytesIO(b"abc"), name="a.pdf", media_type="x/y")
    with pytest.raises(IdempotencyConflict):
        enqueue_filing(journal, spool, keyed, io.BytesIO(b"xyz"), name="a.pdf", media_type="x/y")
    assert len(list(spool.root.iterdir())) == 1


def test_journal_spool_and_audit_default_into_the_data_folder(tmp_path: Path) -> None:
    """EGOV_DATA_DIR alone places journal.db, spool/ and audit/ there; EGOV_JOURNAL_URL is checked."""
    settings = load_settings({"EGOV_DATA_DIR": str(tmp_path)})
    assert settings.journal == f"sqlite:///{tmp_path.resolve() / 'journal.db'}"
    assert settings.spool == tmp_path / "spool"
    assert settings.audit_paths == (tmp_path / "audit" / "audit.jsonl", tmp_path / "audit" / "checkpoints.jsonl")
    from adapter.domain.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="EGOV_JOURNAL_URL"):
        load_settings({"EGOV_JOURNAL_URL": "mysql://x"})
