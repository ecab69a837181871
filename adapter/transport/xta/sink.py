"""``DirectorySink``: keeps fetched messages durably in a folder, once per MessageID (until the journal).

Each message becomes ``<root>/<sha256(MessageID)>/`` with ``meta.json``, ``message`` and
``attachment-<n>`` files. It is written in a temporary folder, every file fsynced, renamed into
place and the root fsynced; an existing folder means the message is already kept, so a message
fetched twice (crash before close) is kept exactly once. ``deliveries.log`` counts calls.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

import structlog

from adapter.domain.messages import Content, FetchedMessage, OutgoingMessage

__all__ = ["DirectorySink"]

log = structlog.get_logger(__name__)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy(source: Path, target: Path, chunk: int = 1024 * 1024) -> None:
    with source.open("rb") as src, target.open("xb") as out:
        shutil.copyfileobj(src, out, chunk)
        out.flush()
        os.fsync(out.fileno())


class DirectorySink:
    def __init__(self, root: Path,
                 receipts: Callable[[FetchedMessage], Sequence[OutgoingMessage]] | None = None) -> None:
        self.root, self.receipts = Path(root), receipts
        self.root.mkdir(parents=True, exist_ok=True)

    def folder(self, message_id: str) -> Path:
        return self.root / hashlib.sha256(message_id.encode()).hexdigest()

    def __call__(self, fetched: FetchedMessage) -> Sequence[OutgoingMessage]:
        target = self.folder(fetched.meta.message_id)
        with (self.root / "deliveries.log").open("a") as log_file:
            log_file.write(fetched.meta.message_id + "\n")
            log_file.flush()
            os.fsync(log_file.fileno())
        if target.exists():
            log.info("xta.sink.already_kept", message_id=fetched.meta.message_id)
        else:
            self._keep(fetched, target)
        return list(self.receipts(fetched)) if self.receipts else []

    def _keep(self, fetched: FetchedMessage, target: Path) -> None:
        staging = self.root / f".tmp-{uuid.uuid4().hex}"
        staging.mkdir()
        parts: list[tuple[str, Content]] = [("message", fetched.message)]
        parts += [(f"attachment-{i}", a) for i, a in enumerate(fetched.attachments)]
        for name, content in parts:
            _copy(content.path, staging / name)
        meta = {"meta": asdict(fetched.meta),
                "parts": [{"file": n, "content_type": c.content_type, "filename": c.filename} for n, c in parts]}
        with (staging / "meta.json").open("x") as out:
            json.dump(meta, out, default=str, indent=1)
            out.flush()
            os.fsync(out.fileno())
        _fsync_dir(staging)
        os.rename(staging, target)
        _fsync_dir(self.root)
        log.info("xta.sink.kept", message_id=fetched.meta.message_id, parts=len(parts))
