"""Audit entries for queued Personalakte filings (client, clerk, action, ids, outcome), none for Posteingang."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

from typer.testing import CliRunner
from worker_helpers import enqueue

from adapter.audit import write_checkpoint
from adapter.bootstrap import cli_app


def test_personalakte_filings_are_audited_and_the_trail_verifies(rig, journal, spool, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A new Personalakte with Teilakte and document: three create entries by client and clerk, ids only;
    Posteingang letters add none; checkpoint and ``audit verify`` pass."""
    worker = rig()
    enqueue(journal, spool, 1)
    worker.drain()
    assert not worker.audit_log.exists() or worker.audit_log.read_text() == ""
    job, _ = enqueue(journal, spool, 2, b"%PDF Besoldung Anna Mueller", record_class="personalakte",
                     neue_akte="Müller, Anna (PN 47110815)", teilakte="Besoldung",
                     betreff="Besoldung Müller", bearbeiter="pers-017")
    worker.drain()
    result = journal.get(job.id).result
    entries = [json.loads(line) for line in worker.audit_log.read_text().splitlines()]
    assert [(e["action"], e["outcome"], e["client"], e["clerk"]) for e in entries] == \
        [("create", "ok", "fv-test", "pers-017")] * 3
    assert {e["record"] for e in entries} == {result["containers"]["akte"], result["containers"]["teilakte"],
                                              result["dokument"]}
    assert {e["aktenzeichen"] for e in entries} == {result["aktenzeichen"]}
    text = worker.audit_log.read_text()
    for personal in ("Müller", "Mueller", "Anna", "47110815", "Besoldung"):
        assert personal not in text
    key = tmp_path / "audit.key"
    key.write_bytes(os.urandom(32).hex().encode())
    checkpoints = tmp_path / "checkpoints.jsonl"
    write_checkpoint(worker.audit_log, checkpoints, key.read_bytes(), datetime.now(UTC))
    app = cli_app()
    verified = CliRunner().invoke(app, ["audit", "verify", "--log", str(worker.audit_log), "--checkpoints",
                                        str(checkpoints), "--key-file", str(key)])
    assert verified.exit_code == 0 and "ok: 3 entries" in verified.output


def test_reads_of_a_personalakte_are_audited(rig, journal, spool) -> None:  # type: ignore[no-untyped-def]
    """Reading the tree and downloading the document add two 'read ok' entries (client from the trail's
    default); a read of an unknown document id is not audited (no class known), the trail still chains."""
    import uuid

    import pytest

    from adapter.audit import verify
    from adapter.domain.errors import NotFound

    worker = rig()
    job, _digest = enqueue(journal, spool, 3, b"%PDF Beihilfe", record_class="personalakte",
                          neue_akte="Akte 3", teilakte="Beihilfe", betreff="Antrag", bearbeiter="pers-017")
    worker.drain()
    result = journal.get(job.id).result
    worker.reading.tree(result["aktenzeichen"], "pers-020")
    _entry, _item, chunks = worker.reading.download(uuid.UUID(result["dokument"]), "pers-020")
    assert b"".join(chunks) == b"%PDF Beihilfe"
    with pytest.raises(NotFound):
        worker.reading.download(uuid.uuid4(), "pers-020")
    entries = [json.loads(line) for line in worker.audit_log.read_text().splitlines()]
    reads = [(e["action"], e["outcome"], e["client"], e["clerk"], e["record"]) for e in entries[3:]]
    assert reads == [("read", "ok", "test-cli", "pers-020", result["containers"]["akte"]),
                     ("read", "ok", "test-cli", "pers-020", result["dokument"])]
    assert verify(worker.audit_log, worker.audit_log.with_name("none.jsonl"), b"k" * 32).ok
