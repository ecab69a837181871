"""HMAC-signed checkpoints of the audit chain's head, kept outside the log (see package docstring)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from adapter.audit.log import last_line
from adapter.audit.model import GENESIS
from adapter.domain.errors import ConfigurationError

__all__ = ["Checkpoint", "load_key", "mac_of", "write_checkpoint"]

MIN_KEY_BYTES = 32


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    head: str
    at: str
    mac: str


def load_key(path: str | Path) -> bytes:
    """The checkpoint key from its own file (at least 32 bytes; readable only by checkpointer/auditor)."""
    try:
        key = Path(path).read_bytes().strip()
    except OSError as exc:
        raise ConfigurationError("audit checkpoint key file unreadable", detail={"path": str(path)}) from exc
    if len(key) < MIN_KEY_BYTES:
        raise ConfigurationError(f"audit checkpoint key must have at least {MIN_KEY_BYTES} bytes")
    return key


def mac_of(key: bytes, seq: int, head: str, at: str) -> str:
    body = json.dumps({"at": at, "head": head, "seq": seq}, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def write_checkpoint(log_path: str | Path, checkpoints_path: str | Path, key: bytes,
                     now: datetime) -> Checkpoint:
    """Sign the current head (last entry's seq and hash) and append it to the checkpoints file."""
    head: dict[str, Any] = {"seq": 0, "hash": GENESIS}
    if Path(log_path).exists():
        fd = os.open(log_path, os.O_RDONLY)
        try:
            tail = last_line(fd)
        finally:
            os.close(fd)
        head = json.loads(tail) if tail else head
    at = now.isoformat()
    point = Checkpoint(seq=int(head["seq"]), head=str(head["hash"]), at=at,
                       mac=mac_of(key, int(head["seq"]), str(head["hash"]), at))
    with open(checkpoints_path, "a", encoding="utf-8") as out:
        out.write(json.dumps(asdict(point), sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return point
