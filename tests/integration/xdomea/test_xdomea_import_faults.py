"""The import under DMS faults: a transient failure answers nothing and a rerun files each object once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from egov_sandbox.server import SandboxServer
from records_helpers import set_faults, stored_documents
from xdomea_checks import sha
from xdomea_messages import dokument, entry, message

from adapter.domain.errors import TransientError
from adapter.domain.jobs import JobState
from adapter.ports.journal import Journal
from adapter.services.xdomea.importer import XdomeaImportService

CREATES = ["POST createDocument", "POST createFolder"]


def test_transient_failure_then_rerun_files_everything_once(
        importer: Callable[..., XdomeaImportService], sandbox: SandboxServer, journal: Journal,
        tmp_path: Path) -> None:
    """The DMS fails every create: TransientError, no receipt, job unfinished; the rerun completes it once."""
    built = message("0605", "3.1.0", [entry(f"FV-{n}", dokument(f"Dok {n}", {f"d{n}.pdf": bytes([n]) * 64}))
                                      for n in range(5)])
    path = built.container(tmp_path)
    set_faults(sandbox, {"kind": "error", "status": 503, "rate": 1.0, "match": CREATES})
    with pytest.raises(TransientError):
        importer().import_file(path)
    job = journal.find_by_key("xdomea", "FV-BAU", f"{built.process_id}:0605")
    assert job is not None and job.state is JobState.ACCEPTED
    set_faults(sandbox, {"kind": "lose_response", "rate": 0.5, "match": CREATES})
    outcome = importer().import_file(path)
    set_faults(sandbox)
    assert outcome.ok and not outcome.redelivered
    assert sorted(stored_documents(sandbox).values()) == sorted(sha(d) for d in built.files.values())
    done = journal.find_by_key("xdomea", "FV-BAU", f"{built.process_id}:0605")
    assert done is not None and done.state is JobState.DONE
    assert importer().import_file(path).receipts == outcome.receipts
