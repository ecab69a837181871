"""``XtaInbox`` (``adapter.services.xta.inbox``) on the fakes: poll -> keep -> close -> file -> receipts, once.

The inbox is wired as bootstrap wires it (``InboundRouter`` over the real xdomea import and filing
services), with every port a fake; the official xdomea schemas come from ``EGOV_XOEV_DIR`` or
``../shared/xoev`` as for the xoev unit tests.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from fakes import FakeGraph, FakeJournal, FakeSpool, FakeTransport, Mailed

from adapter.domain.errors import TransientError
from adapter.domain.jobs import JobState, backoff
from adapter.domain.messages import Code, MessageMeta, Party
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.services.xta.inbox import XtaInbox
from adapter.services.xta.route import InboundRouter
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.schemas import SchemaCatalog

CHECKOUT = Path(__file__).resolve().parents[3]
AUTHOR = Party("fv:02")
PDF_NAME = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee_antrag.pdf"
XDOMEA = "urn:xoev-de:xdomea:schema:3.0.0"


@pytest.fixture(scope="module")
def xoev_dir() -> Path:
    path = Path(os.environ.get("EGOV_XOEV_DIR", CHECKOUT.parent / "shared" / "xoev"))
    if not (path / "xdomea").is_dir():
        pytest.fail(f"official schemas not found at {path} (set EGOV_XOEV_DIR)")
    return path


@pytest.fixture(scope="module")
def catalog(xoev_dir: Path) -> SchemaCatalog:
    return SchemaCatalog(xoev_dir)


@dataclass
class Rig:
    inbox: XtaInbox
    graph: FakeGraph
    journal: FakeJournal
    spool: FakeSpool
    transport: FakeTransport


@pytest.fixture
def rig(tmp_path: Path, xoev_dir: Path, catalog: SchemaCatalog) -> Rig:
    graph = FakeGraph.build()
    journal, spool = FakeJournal(graph.clock), FakeSpool(tmp_path / "spool", clock=graph.clock)
    transport = FakeTransport(tmp_path / "xta-spool")
    importer = XdomeaImportService(graph.records, catalog, CodeLists(xoev_dir), journal, tmp_path / "xdomea",
                                   clock=graph.clock.now, lifecycle=graph.lifecycle, search=graph.search,
                                   parts_spool=lambda: spool)
    router = InboundRouter(importer, graph.filing, tmp_path / "route")
    inbox = XtaInbox(transport, journal, spool, router, tmp_path / "receipts", clock=graph.clock.now)
    return Rig(inbox, graph, journal, spool, transport)


def _mail_0605(transport: FakeTransport, message_id: str = "urn:in:1") -> None:
    xml = (CHECKOUT / "tests" / "data" / "xdomea" / "0605_template_3.0.0.xml").read_bytes()
    meta = MessageMeta(message_id, AUTHOR, transport.party, "urn:xoev-de:xdomea:kosit:standard:xdomea",
                       Code("0605", "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0"), XDOMEA, "XDOMEAGAD_DATA")
    transport.deliver(Mailed(meta, xml, attachments=((PDF_NAME, "application/pdf", b"%PDF-1.4 Antrag"),)))


def test_an_xdomea_message_is_filed_closed_and_answered_to_its_author(rig: Rig) -> None:
    """0605: the document is filed, the message closed, 0629 and 0630 go to the author in reply; the
    job is done and its spooled parts are gone."""
    _mail_0605(rig.transport)
    result = rig.inbox.poll_once()
    assert result.poll.closed == ["urn:in:1"] and rig.transport.mailbox == {}
    [done] = result.done
    assert done["route"] == "xdomea" and [r["repeated"] for r in done["receipts"]] == [False, False]
    assert [(s.meta.message_type.code, s.meta.reader, s.meta.in_reply_to) for s in rig.transport.sent] == [
        ("0629", AUTHOR, ("urn:in:1",)), ("0630", AUTHOR, ("urn:in:1",))]
    assert [p.rsplit("/", 1)[-1].endswith(PDF_NAME) for p in rig.graph.dms.documents()] == [True]
    assert {j.state for j in rig.journal.jobs.values() if j.kind == "xta-in"} == {JobState.DONE}
    assert rig.spool.refs() == []


def test_another_standard_lands_in_the_posteingang_with_its_transport_data(rig: Rig) -> None:
    """A non-xdomea payload: the message, each attachment and Transportdaten.json are filed; no receipt."""
    meta = MessageMeta("urn:in:xbau", AUTHOR, rig.transport.party, "urn:xbau", Code("0200", "urn:l", "1.0"),
                       "urn:xoev-de:xbau:schema:2.3", "XBAU_DATA")
    rig.transport.deliver(Mailed(meta, b"<antrag/>", attachments=(("plan.pdf", "application/pdf", b"%PDF plan"),)))
    [done] = rig.inbox.poll_once().done
    assert done["route"] == "posteingang" and len(done["filed"]) == 3 and rig.transport.sent == []
    # names are "<arrival> XTA <tag of the MessageID> <role><extension>"
    stored = {path.split(" XTA ", 1)[1][9:]: data for path, data in rig.graph.dms.documents().items()}
    assert sorted(stored) == ["Anlage 1.pdf", "Nachricht.xml", "Transportdaten.json"]
    assert stored["Nachricht.xml"] == b"<antrag/>" and stored["Anlage 1.pdf"] == b"%PDF plan"
    transport = json.loads(stored["Transportdaten.json"])
    assert transport["message"]["author"]["identifier"] == "fv:02"
    assert [p["filename"] for p in transport["parts"]] == [None, "plan.pdf"]


def test_a_receipt_whose_answer_was_lost_is_sent_once_on_the_retry(rig: Rig) -> None:
    """The first receipt is accepted but its answer lost: the job waits for its retry; the retry sends
    under the MessageID kept before, the server's 9024 counts as sent: each receipt reaches the author
    once and the document was filed once."""
    _mail_0605(rig.transport)
    rig.transport.lose_send_answer()
    first = rig.inbox.poll_once()
    assert first.failed == ["urn:in:1"] and rig.transport.mailbox == {}
    rig.graph.clock.advance(backoff(1))
    [done] = rig.inbox.process_due().done
    assert [r["repeated"] for r in done["receipts"]] == [True, False]
    assert sorted(s.meta.message_type.code for s in rig.transport.sent) == ["0629", "0630"]
    assert rig.transport.calls["create_message_id"] == 2 and len(rig.graph.dms.documents()) == 1


def test_a_message_fetched_again_after_a_failed_close_is_filed_once(rig: Rig) -> None:
    """The message is kept but its close fails: the next poll fetches it again, keeps nothing twice,
    closes it and files it once."""
    _mail_0605(rig.transport)
    rig.transport.fail_next("close", TransientError("timeout"))
    with pytest.raises(TransientError):
        rig.inbox.poll_once()
    assert "urn:in:1" in rig.transport.mailbox and len(rig.journal.jobs) == 1
    result = rig.inbox.poll_once()
    assert result.poll.closed == ["urn:in:1"] and len(result.done) == 1
    assert len(rig.graph.dms.documents()) == 1 and len(rig.transport.sent) == 2
    assert rig.transport.calls["get_message"] == 2 and rig.spool.refs() == []
