"""The XTA outbox: a document in the DMS outbox folder reaches the recipient and moves to "sent" with its report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from records_helpers import stored_documents
from xdomea_checks import sha

from adapter.domain.errors import TransientDmsError
from adapter.domain.jobs import JobState
from adapter.ports.dms import NewObject
from adapter.services.content import FileContent

pytestmark = pytest.mark.network
BODY = b'<xdomea:FVDaten.SGOAblegen.0605 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0"/>'


def place(dms, tmp_path: Path, party: str, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    """A clerk puts ``name`` into the outbox folder of ``party``."""
    dms.ensure_folders(f"/XTA/Postausgang/{party}", [])
    path = tmp_path / name
    path.write_bytes(data)
    dms.create_document(NewObject(f"/XTA/Postausgang/{party}", name, "cmis:document"),
                        FileContent.of(path, name, "application/xml"))


def test_outbox_document_is_sent_and_moved_with_its_report(tmp_path: Path, xta_client, dms, dms_sandbox,
                                                           outbox) -> None:
    """The document arrives in fv:02's mailbox (xdomea qualifier) and then sits in /XTA/Gesendet/fv:02 with a report."""
    place(dms, tmp_path, "fv:02", "Bescheid.xml", BODY)
    done = outbox.run_once()
    assert [(d["party"], d["name"], d["report"]["ok"]) for d in done] == [("fv:02", "Bescheid.xml", True)]
    fv = xta_client("fv:02")
    [entry] = fv.status_list().entries
    fetched = fv.get_message(entry.message_id)
    assert fetched.message.path.read_bytes() == BODY and fetched.meta.author.identifier == "dms:01"
    assert (fetched.meta.message_type.code, fetched.meta.payload_schema) == ("0605", "urn:xoev-de:xdomea:schema:3.0.0")
    stored = stored_documents(dms_sandbox)
    assert stored["/XTA/Gesendet/fv:02/Bescheid.xml"] == sha(BODY)
    assert "/XTA/Gesendet/fv:02/Bescheid.xml.xta-report.json" in stored
    assert not [p for p in stored if p.startswith("/XTA/Postausgang/")]
    report = dms.get_by_path("/XTA/Gesendet/fv:02/Bescheid.xml.xta-report.json")
    download = dms.open_content(report.ref)
    data = json.loads(b"".join(download.chunks()))
    download.close()
    assert data["message_id"] == entry.message_id and data["status"] == 1
    assert outbox.run_once() == [] and len(fv.status_list().entries) == 1


def test_failure_between_send_and_move_does_not_send_twice(tmp_path: Path, xta_client, dms, outbox, journal,
                                                           monkeypatch) -> None:
    """The move fails after the send: the retried job moves it and the recipient still has one message."""
    place(dms, tmp_path, "fv:02", "Antwort.bin", b"\x00binary answer")
    calls = {"n": 0}
    real_move = dms.move

    def failing_move(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise TransientDmsError("DMS gone for a moment")
        return real_move(*args, **kwargs)

    monkeypatch.setattr(dms, "move", failing_move)
    assert outbox.run_once() == []
    [job] = [j for j in journal.list(JobState.FAILED) if j.kind == "xta-out"]
    assert job.step("sent") and not job.step("moved")
    journal.retry(job.id)
    done = outbox.run_once()
    assert [d["name"] for d in done] == ["Antwort.bin"] and done[0]["repeated"] is False
    assert len(xta_client("fv:02").status_list().entries) == 1
    assert dms.get_by_path("/XTA/Gesendet/fv:02/Antwort.bin") is not None


def test_crash_after_send_before_recording_resends_as_already_accepted(tmp_path: Path, xta_client, dms, outbox,
                                                                       journal, monkeypatch) -> None:
    """The send's answer is lost (no 'sent' step): the rerun sends the same MessageID, 9024 counts as sent."""
    place(dms, tmp_path, "fv:02", "Lost.xml", BODY)
    real_send = outbox._send

    def lose_answer(p, message_id):  # type: ignore[no-untyped-def]
        real_send(p, message_id)
        raise TransientDmsError("answer lost")

    monkeypatch.setattr(outbox, "_send", lose_answer)
    assert outbox.run_once() == []
    monkeypatch.setattr(outbox, "_send", real_send)
    [job] = [j for j in journal.list(JobState.FAILED) if j.kind == "xta-out"]
    journal.retry(job.id)
    done = outbox.run_once()
    assert done[0]["repeated"] is True and len(xta_client("fv:02").status_list().entries) == 1
