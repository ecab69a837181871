"""The import under DMS faults: a transient failure answers nothing and a rerun files each object once;
a container changed on disk while it is filed stops the import (MemberChanged) and the rerun completes it once.

Also for a 4.0.0 process in several messages, which is applied when its last message arrives."""

from __future__ import annotations

import random
import uuid
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from egov_sandbox.server import SandboxServer
from records_helpers import set_faults, stored_documents
from xdomea_checks import sha
from xdomea_messages import abgabe, akte, dokument, entry, message

from adapter.domain.errors import TransientError
from adapter.domain.jobs import JobState
from adapter.ports.journal import Journal
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.xoev.errors import MemberChanged
from adapter.xoev.xdomea.to_records import ImportRules

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


def test_a_process_in_parts_survives_a_failure_while_it_is_applied(
        importer: Callable[..., XdomeaImportService], sandbox: SandboxServer, journal: Journal,
        tmp_path: Path) -> None:
    """4.0.0 Abgabe in two messages; the DMS fails while the last one applies them: nothing is lost, and the
    last message again (faults: half the answers lost) files every document exactly once."""
    make = partial(importer, ImportRules(classes_by_sender={"ALTBEHOERDE": "umwelt-genehmigung"}))
    pid = str(uuid.uuid4())
    docs = {n: tuple(dokument(f"Dok {n}.{m}", {f"d{n}{m}.pdf": bytes([n, m])}) for m in range(3)) for n in (1, 2)}
    parts = [abgabe("4.0.0", (akte(f"Akte {n}", dokumente=docs[n]),), process_id=pid, part=n, parts=2) for n in (1, 2)]
    paths = []
    for n, built in enumerate(parts, 1):
        (tmp_path / str(n)).mkdir()
        paths.append(built.container(tmp_path / str(n)))
    assert make().import_file(paths[0]).waiting
    set_faults(sandbox, {"kind": "error", "status": 503, "rate": 1.0, "match": CREATES})
    with pytest.raises(TransientError):
        make().import_file(paths[1])
    process = journal.find_by_key("xdomea", "ALTBEHOERDE", f"{pid}:0401")
    assert process is not None and process.state is JobState.ACCEPTED  # reserved, not done
    set_faults(sandbox, {"kind": "lose_response", "rate": 0.5, "match": CREATES})
    outcome = make().import_file(paths[1])
    set_faults(sandbox)
    assert outcome.ok and outcome.parts == (2, 2) and len(outcome.receipts) == 3  # its 0403, a 0402 per message
    files = [data for built in parts for data in built.files.values()]
    assert sorted(stored_documents(sandbox).values()) == sorted(sha(d) for d in files)
    assert make().import_file(paths[0]).receipts == outcome.receipts  # closed: the same answers


def _spoil_members(path: Path, names: list[str]) -> None:
    """Flip the middle byte of each named member's stored data, in place (same file, same layout; the middle,
    as a read buffer may still hold the verified bytes around the last read)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        for name in names:
            info = archive.getinfo(name)
            start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
            data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_container_changed_while_filed_stops_the_import_and_files_nothing_of_it(
        importer: Callable[..., XdomeaImportService], sandbox: SandboxServer, journal: Journal,
        tmp_path: Path) -> None:
    """The ZIP is changed on disk after the first document was filed: the next upload (streamed, over 1 MiB)
    is refused with MemberChanged, the DMS keeps no part of it, the job stays open; the rerun on the intact
    container files every document exactly once."""
    files = {f"d{n}.pdf": random.Random(n).randbytes(2 * 1024 * 1024) for n in range(3)}
    built = message("0605", "3.1.0", [entry(f"FV-{n}", dokument(f"Dok {n}", {name: data}))
                                      for n, (name, data) in enumerate(files.items())])
    path = built.container(tmp_path)
    intact = path.read_bytes()

    def spoil(done: int, _total: int) -> None:
        if done == 1:
            _spoil_members(path, list(built.files)[1:])

    with pytest.raises(MemberChanged):
        importer().import_file(path, progress=spoil)
    assert list(stored_documents(sandbox).values()) == [sha(next(iter(built.files.values())))]
    job = journal.find_by_key("xdomea", "FV-BAU", f"{built.process_id}:0605")
    assert job is not None and job.state is JobState.ACCEPTED
    path.write_bytes(intact)
    outcome = importer().import_file(path)
    assert outcome.ok and not outcome.redelivered
    assert sorted(stored_documents(sandbox).values()) == sorted(sha(d) for d in files.values())
