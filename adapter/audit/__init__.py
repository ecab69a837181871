"""Audit trail: who did what to which record, when, with what outcome — tamper-evident.

Storage: a JSON-lines file (``audit.jsonl``), one entry per line, appended under an exclusive
``flock`` so several processes on one host can write. Each entry carries ``prev`` (the SHA-256 of the
previous entry's canonical bytes; 64 zeros for the first) and its own ``hash``; editing, removing or
reordering an entry breaks the chain. Entries hold ids only: client, clerk id, action, our record UUID,
the Aktenzeichen, outcome, time — no names, no content.

A chain alone cannot show a truncated tail or a wholesale rewrite, so its head is anchored outside the
log: ``checkpoint`` appends ``{seq, head, at, mac}`` to a separate checkpoints file, where ``mac`` is an
HMAC-SHA256 under a key the adapter (the log's writer) cannot read.

Operational model: the adapter runs as one OS user and may only append to ``audit.jsonl``. The
checkpointer runs as another user (cron or a systemd timer, e.g. every 5 minutes:
``egov-adapter audit checkpoint``); only it and the auditor can read the key file and write the
checkpoints file, which should also be shipped off the host (WORM storage, SIEM). ``audit verify`` (the
auditor) detects edits, removals, reorderings, a tail truncated below the last checkpoint and a
rewritten log whose head no longer matches a checkpoint. Changes after the newest checkpoint are only
covered by the chain, so the checkpoint interval is the window of undetectable tail truncation.
"""

from adapter.audit.checkpoint import Checkpoint, load_key, write_checkpoint
from adapter.audit.log import JsonlAuditLog
from adapter.audit.verify import VerifyReport, verify, verify_chain
from adapter.domain.audit import Action, AuditEvent, Outcome

__all__ = [
    "Action", "AuditEvent", "Checkpoint", "JsonlAuditLog", "Outcome", "VerifyReport", "load_key", "verify",
    "verify_chain",
    "write_checkpoint",
]
