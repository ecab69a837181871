"""The XTA inbox end to end over TLS: fetched, kept in the journal, closed, filed in the sandbox DMS, answered."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from egov_sandbox.xta import FaultSpec
from records_helpers import stored_documents
from xdomea_checks import codes, sha, valid_receipt
from xdomea_messages import Built, dokument, entry, message
from xdomea_scenario import HANDLED, SENDERS, every_type
from xta_wiring import inbox_for

from adapter.domain.jobs import JobState
from adapter.services.lifecycle.service import LifecycleService
from adapter.transport.xta import Code, Content, MessageMeta, OutgoingMessage, Party
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules

pytestmark = pytest.mark.network
TECHNICAL = FaultSpec("XTAWSTechnicalProblemException", "9030", "Interner Fehler", sender=False)
XDOMEA_300 = "urn:xoev-de:xdomea:schema:3.0.0"
XDOMEA_400 = "urn:xoev-de:xdomea:schema:4.0.0"
SCHEMA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "xoev"


def xta_message(tmp_path: Path, message_id: str, body: bytes, files: dict[str, bytes], *,
                payload_schema: str = XDOMEA_300, type_code: str = "0605") -> OutgoingMessage:
    """An XTA message from fv:02 to dms:01 with ``body`` as the Message and ``files`` as attachments."""
    folder = tmp_path / "xta-out" / message_id.rsplit(":", 1)[-1]
    folder.mkdir(parents=True)
    (folder / "message.xml").write_bytes(body)
    parts = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        parts.append(Content(folder / name, "application/pdf", name))
    meta = MessageMeta(message_id, Party("fv:02"), Party("dms:01"), "urn:xoev-de:xdomea:kosit:standard:xdomea",
                       Code(type_code, "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0"), payload_schema,
                       "XDOMEAGAD_DATA")
    return OutgoingMessage(meta, Content(folder / "message.xml", "application/xml", "message.xml"), tuple(parts))


def built_0605(tmp_path: Path, message_id: str):  # type: ignore[no-untyped-def]
    built = message("0605", "3.0.0", [entry("FV-1", dokument("Antrag", {"antrag.pdf": b"%PDF antrag"})),
                                      entry("FV-2", dokument("Plan", {"plan.pdf": b"%PDF plan"}))])
    return built, xta_message(tmp_path, message_id, built.xml, built.files)


def test_0605_is_filed_closed_and_answered(tmp_path: Path, xta_client, xta_peer, inbox, dms_sandbox,
                                           journal) -> None:
    """A 0605 in the mailbox is filed into the DMS, closed once, and 0629 + 0630 reach the sender's mailbox."""
    built, outgoing = built_0605(tmp_path, "urn:de:xta:messageid:e2e-0605")
    xta_client("fv:02").send(outgoing)
    result = inbox.poll_once()
    assert result.poll.closed == ["urn:de:xta:messageid:e2e-0605"] and result.failed == []
    assert [d["route"] for d in result.done] == ["xdomea"]
    assert sorted(stored_documents(dms_sandbox).values()) == sorted(sha(d) for d in built.files.values())
    assert xta_peer.boxes.closed_count == {"urn:de:xta:messageid:e2e-0605": 1}
    fv = xta_client("fv:02")
    answers = {}
    for item in fv.status_list().entries:
        fetched = fv.get_message(item.message_id)
        assert fetched.meta.in_reply_to == ("urn:de:xta:messageid:e2e-0605",)
        assert fetched.meta.author == Party("dms:01")
        answers[fetched.meta.message_type.code] = fetched.message.path.read_bytes()
    assert sorted(answers) == ["0629", "0630"]
    assert codes(valid_receipt(SchemaCatalog(Path(__file__).resolve().parents[3].parent / "shared" / "xoev"),
                               answers["0630"])) == ["0000000"]
    assert all(r["report_status"] == 1 and not r["repeated"] for r in result.done[0]["receipts"])
    job = journal.find_by_key("xta-in", "xta", "urn:de:xta:messageid:e2e-0605")
    assert job.state is JobState.DONE and len(job.result["receipts"]) == 2
    again = inbox.poll_once()
    assert again.poll.closed == [] and again.done == []


def test_non_xdomea_payload_lands_in_the_posteingang(tmp_path: Path, xta_client, inbox, dms_sandbox) -> None:
    """An XBau message with an attachment is filed as received: message, attachment and Transportdaten.json."""
    body = b'<xbau:baugenehmigung.antrag.0200 xmlns:xbau="urn:xoev-de:xbau:standard:xbau"/>'
    outgoing = xta_message(tmp_path, "urn:de:xta:messageid:xbau-1", body, {"lageplan.pdf": b"%PDF lageplan"},
                           payload_schema="urn:xoev-de:xbau:standard:xbau_2.3", type_code="0200")
    xta_client("fv:02").send(outgoing)
    result = inbox.poll_once()
    assert result.poll.closed == ["urn:de:xta:messageid:xbau-1"]
    assert result.done[0]["route"] == "posteingang" and len(result.done[0]["filed"]) == 3
    stored = stored_documents(dms_sandbox)
    assert all(path.startswith("/Posteingang/") for path in stored) and len(stored) == 3
    assert sha(body) in stored.values() and sha(b"%PDF lageplan") in stored.values()
    transport = [p for p in stored if p.endswith("Transportdaten.json")]
    assert len(transport) == 1
    assert xta_client("fv:02").status_list().entries == ()  # nothing to answer


def test_transport_metadata_document_names_the_sender(tmp_path: Path, xta_client, inbox, records) -> None:
    """The Transportdaten.json beside a Posteingang message carries the MessageID, the author and the parts."""
    outgoing = xta_message(tmp_path, "urn:de:xta:messageid:xbau-2", b"<a xmlns='urn:x'/>", {},
                           payload_schema="urn:xoev-de:xbau:standard:xbau_2.3", type_code="0200")
    xta_client("fv:02").send(outgoing)
    filed = inbox.poll_once().done[0]["filed"]
    from uuid import UUID

    entry_ = records.entry(UUID(filed[-1]))
    download = records.dms.open_content(records.dms.get_by_path(entry_.path).ref)
    data = json.loads(b"".join(download.chunks()))
    download.close()
    assert data["message"]["message_id"] == "urn:de:xta:messageid:xbau-2"
    assert data["message"]["author"]["identifier"] == "fv:02" and len(data["parts"]) == 1


def test_receipt_pending_send_survives_a_failure_and_is_sent_once(tmp_path: Path, xta_client, xta_peer, inbox,
                                                                  journal, dms_sandbox) -> None:
    """Receipts sent but their report unreachable: the job retries, resends (9024 = sent) and files nothing twice."""
    built, outgoing = built_0605(tmp_path, "urn:de:xta:messageid:pending")
    xta_client("fv:02").send(outgoing)
    xta_peer.app.inject("getTransportReport", TECHNICAL, times=3)  # the client's 3 attempts, then it gives up
    first = inbox.poll_once()
    assert first.poll.closed == ["urn:de:xta:messageid:pending"] and first.failed == ["urn:de:xta:messageid:pending"]
    job = journal.find_by_key("xta-in", "xta", "urn:de:xta:messageid:pending")
    assert job.state is JobState.FAILED and job.step("routed") and job.step("receipt-ids")
    journal.retry(job.id)  # due now (the backoff would wait)
    second = inbox.process_due()
    assert second.failed == [] and [r["repeated"] for r in second.done[0]["receipts"]] == [True, False]
    assert len(xta_client("fv:02").status_list().entries) == 2  # 0629 and 0630, each once
    assert len(stored_documents(dms_sandbox)) == len(built.files)


def test_permission_fault_while_answering_dead_letters_the_job(tmp_path: Path, xta_client, xta_peer, inbox,
                                                               journal) -> None:
    """A PermissionDenied fault on sendMessage is not retried: the job goes to the dead letters for an operator."""
    _built, outgoing = built_0605(tmp_path, "urn:de:xta:messageid:denied")
    xta_client("fv:02").send(outgoing)
    xta_peer.app.inject("sendMessage", FaultSpec("PermissionDeniedException", "9014", "Zugriff verweigert"), times=1)
    result = inbox.poll_once()
    assert result.failed == ["urn:de:xta:messageid:denied"]
    job = journal.find_by_key("xta-in", "xta", "urn:de:xta:messageid:denied")
    assert job.state is JobState.DEAD_LETTER and job.last_error.code == "permission-denied"


def test_every_handled_type_in_4_0_0_over_xta(tmp_path: Path, xta_client, records, journal, spool,
                                              dms_sandbox) -> None:
    """The whole case (0604 … 0615, an Abgabe in two messages) over XTA: each answer reaches the author's
    mailbox as its own message, named by the 4.x rule, typed with Nachrichtentyp 3.0, valid against 4.0.0."""
    inbox = inbox_for(xta_client("dms:01"), records, journal, spool, SCHEMA_DIR, tmp_path / "work",
                      rules=ImportRules(classes_by_sender=SENDERS), lifecycle=LifecycleService(records, records.dms))
    fv, count = xta_client("fv:02"), iter(range(100))

    def send(built: Built) -> dict[str, bytes]:
        message_id = f"urn:de:xta:messageid:every-{next(count)}"
        fv.send(xta_message(tmp_path, message_id, built.xml, built.files, payload_schema=XDOMEA_400,
                            type_code=built.name[-4:]))
        result = inbox.poll_once()
        assert result.failed == [] and [d["route"] for d in result.done] == ["xdomea"], result
        answers = {}
        for item in fv.status_list().entries:
            fetched = fv.get_message(item.message_id)
            assert fetched.meta.in_reply_to == (message_id,)
            code = fetched.meta.message_type
            assert code.list_version == "3.0"  # Nachrichtentyp 3.0 in 4.0.0
            assert re.fullmatch(rf"{built.process_id}_{code.code}_\d+\.xml", fetched.message.filename or "")
            answers[fetched.message.filename] = fetched.message.path.read_bytes()
            fv.close(item.message_id, fetched.request_id)
        return answers

    assert every_type("4.0.0", send, SchemaCatalog(SCHEMA_DIR)) == HANDLED
    assert len(stored_documents(dms_sandbox)) == 4
