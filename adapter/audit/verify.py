"""Verify the audit chain and its checkpoints; report the first problem found."""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adapter.audit.checkpoint import mac_of
from adapter.audit.log import JsonlAuditLog
from adapter.audit.model import GENESIS, entry_hash

__all__ = ["VerifyReport", "verify", "verify_chain"]


@dataclass(frozen=True)
class VerifyReport:
    entries: int
    checkpoints: int
    problem: str | None = None
    first_bad_seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _problem(line: bytes, number: int, prev: str) -> tuple[str | None, str]:
    """(what is wrong with entry ``number``, its hash); ``prev`` is the previous entry's hash."""
    try:
        entry: Any = json.loads(line)
    except ValueError:
        return f"entry {number} is not valid JSON (edited or torn write)", ""
    if not isinstance(entry, dict) or entry.get("hash") != entry_hash(entry):
        return f"entry {number} was altered: its hash does not match its content", ""
    if entry.get("seq") != number:
        return f"entry {number} missing or out of order: found seq {entry.get('seq')}", ""
    if entry.get("prev") != prev:
        return f"chain broken at entry {number}: prev does not match entry {number - 1}", ""
    return None, str(entry["hash"])


def _chain(log_path: str | Path) -> tuple[list[str], VerifyReport | None]:
    """Hashes of the entries in order, or the first entry that breaks the chain."""
    hashes: list[str] = []
    for number, line in enumerate(JsonlAuditLog(log_path).lines(), start=1):
        problem, digest = _problem(line, number, hashes[-1] if hashes else GENESIS)
        if problem:
            return hashes, VerifyReport(len(hashes), 0, problem, number)
        hashes.append(digest)
    return hashes, None


def verify(log_path: str | Path, checkpoints_path: str | Path, key: bytes) -> VerifyReport:
    """Check every entry's hash, sequence and link, then every checkpoint's HMAC and head."""
    hashes, broken = _chain(log_path)
    if broken:
        return broken
    points = Path(checkpoints_path).read_text("utf-8").splitlines() if Path(checkpoints_path).exists() else []
    for number, line in enumerate(points, start=1):
        try:
            cp = json.loads(line)
            seq, head, at, mac = int(cp["seq"]), str(cp["head"]), str(cp["at"]), str(cp["mac"])
        except (ValueError, KeyError, TypeError):
            return VerifyReport(len(hashes), number, f"checkpoint {number} is malformed")
        if not hmac.compare_digest(mac, mac_of(key, seq, head, at)):
            return VerifyReport(len(hashes), number, f"checkpoint {number} has an invalid HMAC (forged)")
        if seq > len(hashes):
            return VerifyReport(len(hashes), number, f"log truncated: checkpoint {number} covers {seq}"
                                f" entries, the log has {len(hashes)}", len(hashes) + 1)
        if seq and hashes[seq - 1] != head:
            return VerifyReport(len(hashes), number, f"log rewritten: entry {seq} differs from the head"
                                f" signed in checkpoint {number}", seq)
    return VerifyReport(len(hashes), len(points))


def verify_chain(log_path: str | Path) -> VerifyReport:
    """The chain alone (every entry's hash, sequence and link), without the checkpoint key: what the adapter
    itself may check (the console); signed checkpoints are verified by ``egov-adapter audit verify``."""
    hashes, broken = _chain(log_path)
    return broken or VerifyReport(len(hashes), 0)
