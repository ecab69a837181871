"""``XtaOutbox`` (``adapter.services.xta.outbox``) on the DMS, journal, spool and transport fakes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from fakes import BytesContent, FakeClock, FakeDms, FakeJournal, FakeSpool, FakeTransport, project_mappings

from adapter.domain.errors import InvalidInput
from adapter.domain.jobs import JobState, backoff
from adapter.domain.messages import Party
from adapter.ports.dms import NewObject
from adapter.services.xta.outbox import OutboxFolders, XtaOutbox

BESCHEID = b'<x:Abgabe.Abgabe.0401 xmlns:x="urn:xoev-de:xdomea:schema:3.0.0"><x:Kopf/></x:Abgabe.Abgabe.0401>'
PARTY = "fv:02"


@dataclass
class Rig:
    outbox: XtaOutbox
    dms: FakeDms
    journal: FakeJournal
    spool: FakeSpool
    transport: FakeTransport
    clock: FakeClock

    def put(self, name: str = "Bescheid.xml", data: bytes = BESCHEID) -> None:
        """A clerk puts a document into the outbox folder of the party."""
        self.dms.ensure_folders(f"/XTA/Postausgang/{PARTY}", [])
        self.dms.create_document(NewObject(f"/XTA/Postausgang/{PARTY}", name, "cmis:document"),
                                 BytesContent(data, name, "application/xml"))


@pytest.fixture
def rig(tmp_path: Path) -> Rig:
    profile = project_mappings().profile("generic")
    clock = FakeClock()
    dms, journal = FakeDms.for_profile(profile, clock=clock), FakeJournal(clock)
    spool, transport = FakeSpool(tmp_path / "spool", clock=clock), FakeTransport(tmp_path / "xta")
    outbox = XtaOutbox(transport, dms, journal, spool, OutboxFolders(profile.plain_document_type), clock=clock.now)
    return Rig(outbox, dms, journal, spool, transport, clock)


def test_a_document_in_the_outbox_is_sent_to_its_party_and_moved_with_its_report(rig: Rig) -> None:
    """The document goes to the party its folder names, as an xdomea message of its type; it moves to
    the sent folder with the transport report beside it; the job is done, the spool empty."""
    rig.put()
    [result] = rig.outbox.run_once()
    [sent] = rig.transport.sent
    assert (sent.meta.reader, sent.meta.message_type.code, sent.parts) == (Party(PARTY), "0401", (BESCHEID,))
    assert sent.meta.payload_schema == "urn:xoev-de:xdomea:schema:3.0.0" and not result["repeated"]
    assert [c.name for c in rig.dms.children(f"/XTA/Postausgang/{PARTY}")] == []
    assert [c.name for c in rig.dms.children(f"/XTA/Gesendet/{PARTY}")] == ["Bescheid.xml",
                                                                            "Bescheid.xml.xta-report.json"]
    report = json.loads(rig.dms.documents()[f"/XTA/Gesendet/{PARTY}/Bescheid.xml.xta-report.json"])
    assert (report["message_id"], report["ok"]) == (sent.meta.message_id, True)
    assert [j.state for j in rig.journal.jobs.values()] == [JobState.DONE] and rig.spool.refs() == []


def test_a_second_run_sends_nothing_again(rig: Rig) -> None:
    """Once sent and moved, the next run finds nothing to do."""
    rig.put()
    rig.outbox.run_once()
    assert rig.outbox.run_once() == [] and len(rig.transport.sent) == 1 and len(rig.journal.jobs) == 1


def test_a_lost_send_answer_is_retried_with_the_same_message_id_and_sent_once(rig: Rig) -> None:
    """The send is accepted but its answer lost: the job waits for its retry; the retry sends under the
    MessageID kept before sending, the server answers 9024, and that counts as sent."""
    rig.put()
    rig.transport.lose_send_answer()
    assert rig.outbox.run_once() == []
    [job] = rig.journal.jobs.values()
    assert job.state is JobState.FAILED and rig.spool.refs() == []
    assert rig.outbox.run_once() == []  # not due yet
    rig.clock.advance(backoff(1))
    [result] = rig.outbox.run_once()
    assert result["repeated"] and rig.transport.calls["create_message_id"] == 1
    assert len(rig.transport.sent) == 1 and result["message_id"] == rig.transport.sent[0].meta.message_id
    assert rig.dms.get_by_path(f"/XTA/Gesendet/{PARTY}/Bescheid.xml") is not None


def test_a_refused_send_dead_letters_the_job_and_leaves_the_document(rig: Rig) -> None:
    """A permanent refusal: dead letter for an operator, the document stays in the outbox, not resent."""
    rig.put("Brief.pdf", b"%PDF-1.4 brief")
    rig.transport.fail_next("send", InvalidInput("reader unknown", detail={"error_code": "9030"}))
    assert rig.outbox.run_once() == []
    [job] = rig.journal.jobs.values()
    assert job.state is JobState.DEAD_LETTER and job.last_error is not None
    assert [c.name for c in rig.dms.children(f"/XTA/Postausgang/{PARTY}")] == ["Brief.pdf"]
    rig.clock.advance(hours=2)
    assert rig.outbox.run_once() == [] and rig.transport.sent == []
