"""``audit`` CLI: checkpoint and verify, exit 0 when intact and 1 at the first tampered entry."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from adapter.audit import Action, AuditEvent, JsonlAuditLog, Outcome
from adapter.bootstrap import cli_app
from adapter.cli.main import exit_code_for
from adapter.domain.errors import IntegrityError


def test_checkpoint_then_verify_and_detect_tampering(tmp_path: Path) -> None:
    """verify passes on an intact trail, then fails with the first bad entry after an edit."""
    log, cps, key = tmp_path / "audit.jsonl", tmp_path / "cps.jsonl", tmp_path / "key"
    key.write_bytes(b"s" * 40)
    audit = JsonlAuditLog(log)
    for _ in range(3):
        audit.append(AuditEvent(client="fv", clerk="sb-1", action=Action.UPDATE, record=uuid.uuid4(),
                                outcome=Outcome.OK, at=datetime.now(UTC)))
    app = cli_app()
    opts = ["--log", str(log), "--checkpoints", str(cps), "--key-file", str(key)]
    runner = CliRunner()
    assert runner.invoke(app, ["audit", "checkpoint", *opts]).output.strip() == "checkpoint at entry 3"
    ok = runner.invoke(app, ["audit", "verify", *opts])
    assert ok.exit_code == 0 and "3 entries, 1 checkpoints" in ok.output

    lines = log.read_text().splitlines()
    entry = json.loads(lines[1])
    entry["action"] = "delete"
    lines[1] = json.dumps(entry)
    log.write_text("\n".join(lines) + "\n")
    bad = runner.invoke(app, ["audit", "verify", *opts])
    assert isinstance(bad.exception, IntegrityError) and exit_code_for(bad.exception) == 1
    assert bad.exception.detail["first_bad_entry"] == 2
