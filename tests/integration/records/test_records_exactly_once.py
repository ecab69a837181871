"""Exactly-once filing under every fault mode, counted in the sandbox's store (listed, downloaded, hashed)."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta

import pytest
import structlog
from records_helpers import set_faults, stored_documents

from adapter.domain.commands import CreateAkte, FileDocument
from adapter.domain.errors import IntegrityError
from adapter.domain.idempotency import IdempotencyKey
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.records import PrimaryFile

CLERK = Bearbeiter(kennung="post-01")
#: the create operations per binding, as the sandbox's counter and fault rules name them
CREATES = {"browser": ["POST createDocument", "POST createFolder"],
           "ws": ["POST ws:createDocument", "POST ws:createFolder"]}


def faults(mode: str, binding: str) -> list[dict[str, object]]:
    creates = CREATES[binding]
    return {
        "lose_response": [{"kind": "lose_response", "rate": 0.5, "match": creates}],
        "reset": [{"kind": "reset", "rate": 0.5, "match": creates}],
        "error_503": [{"kind": "error", "status": 503, "rate": 0.4}],
        "error_502": [{"kind": "error", "status": 502, "rate": 0.3, "match": creates}],
        "latency": [{"kind": "latency", "ms": 30, "rate": 0.5}],
        "slow_body": [{"kind": "slow_body", "bytes_per_second": 200_000, "rate": 0.5}],
        "query_lag": [{"kind": "query_lag", "ms": 60_000}],
        "everything": [{"kind": "lose_response", "rate": 0.2, "match": creates},
                       {"kind": "reset", "rate": 0.1}, {"kind": "error", "status": 503, "rate": 0.1},
                       {"kind": "corrupt_content", "rate": 0.1}, {"kind": "query_lag", "ms": 60_000}],
    }[mode]


MODES = ["lose_response", "reset", "error_503", "error_502", "latency", "slow_body", "query_lag", "everything"]
#: every mode for the Browser binding by default; for SOAP a representative part (the rest in CI: slow)
WS_DEFAULT = {"lose_response", "reset", "everything"}
MATRIX = [pytest.param(mode, binding, id=f"{binding}-{mode}",
                       marks=() if binding == "browser" or mode in WS_DEFAULT else pytest.mark.slow)
          for binding in ("browser", "ws") for mode in MODES]


def _filings(upload, n: int) -> list[tuple[FileDocument, object, str]]:  # type: ignore[no-untyped-def]
    out = []
    start = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    for i in range(n):
        data = os.urandom(20_000 + i)
        content = upload(data, f"brief{i}.pdf")
        cmd = FileDocument(bearbeiter=CLERK, record_class="posteingang", metadaten=Metadaten(betreff=f"Brief {i}"),
                           dateien=(PrimaryFile(content.name, content.media_type, content.size, content.sha256),),
                           eingangsdatum=start + timedelta(minutes=i))
        out.append((cmd, content, hashlib.sha256(data).hexdigest()))
    return out


def _file_like_the_journal(svc, cmd, content) -> None:  # type: ignore[no-untyped-def]
    """File; an IntegrityError (corruption twice in a row) is redelivered, as the journal does."""
    for attempt in range(3):
        try:
            svc.records.file_document(cmd, content)
            return
        except IntegrityError:
            if attempt == 2:
                raise


@pytest.mark.parametrize(("mode", "binding"), MATRIX)
def test_filings_under_faults_end_filed_exactly_once(mode, binding, wire, upload, sandbox) -> None:  # type: ignore[no-untyped-def]
    """12 filings (each also repeated once) under a fault mode: 12 documents stored, bytes exact."""
    filings = _filings(upload, 12)
    set_faults(sandbox, *faults(mode, binding))
    svc = wire()
    for cmd, content, _digest in filings:
        _file_like_the_journal(svc, cmd, content)
    for cmd, content, _digest in filings[:4]:  # a redelivery from a fresh process
        _file_like_the_journal(wire(), cmd, content)
    set_faults(sandbox)
    stored = stored_documents(sandbox)
    assert len(stored) == 12
    assert sorted(stored.values()) == sorted(d for _c, _s, d in filings)


@pytest.mark.parametrize("binding", ["browser", "ws"])
def test_new_akte_with_lost_answers_is_created_once(wire, upload, sandbox, mappings, binding) -> None:  # type: ignore[no-untyped-def]
    """Creating Akte, Vorgang and document while every create's answer is lost still files each once."""
    set_faults(sandbox, {"kind": "lose_response", "match": CREATES[binding]})
    svc = wire()
    rc = mappings.record_class("umwelt-genehmigung")
    akte = svc.records.create_akte(CreateAkte(bearbeiter=CLERK, record_class=rc.key,
                                              aktenplaneinheit=rc.aktenplaneinheit,
                                              metadaten=Metadaten(betreff="Kläranlage Süd"),
                                              idempotency_key=IdempotencyKey.of_caller("fv-4711")))
    vorgang = svc.records.container(akte, "vorgang", "Erlaubnis", CLERK)
    content = upload(b"Antrag", "antrag.pdf")
    svc.records.file_document(FileDocument(
        bearbeiter=CLERK, record_class=rc.key, metadaten=Metadaten(betreff="Antrag"), target_id=vorgang.uuid,
        dateien=(PrimaryFile(content.name, content.media_type, content.size, content.sha256),)), content)
    set_faults(sandbox)
    assert list(stored_documents(sandbox)) == [f"{vorgang.path}/Antrag.pdf"]
    root_children = sandbox.repo.children(sandbox.repo.resolve_path("/Umwelt/Genehmigungen", "admin"), "admin")
    assert root_children.num_items == 1


@pytest.mark.parametrize("binding", ["browser", "ws"])
def test_corrupted_bytes_are_detected_and_never_left_silently(wire, upload, sandbox) -> None:  # type: ignore[no-untyped-def]
    """One corrupted upload is detected by hash, replaced; constant corruption is an IntegrityError."""
    (cmd0, content0, digest0), (cmd, content, digest), (cmd2, content2, _d2) = _filings(upload, 3)
    svc = wire()
    svc.records.file_document(cmd0, content0)  # folders exist now: the next create is a single upload
    set_faults(sandbox, {"kind": "corrupt_content", "times": 1})
    with structlog.testing.capture_logs() as logs:
        svc.records.file_document(cmd, content)
    assert [e["attempt"] for e in logs if e["event"] == "records.content_mismatch"] == [1]
    assert sorted(stored_documents(sandbox).values()) == sorted([digest0, digest])
    set_faults(sandbox, {"kind": "corrupt_content"})
    with pytest.raises(IntegrityError):
        svc.records.file_document(cmd2, content2)
    set_faults(sandbox)
    assert sorted(stored_documents(sandbox).values()) == sorted([digest0, digest])  # corrupt copies removed
