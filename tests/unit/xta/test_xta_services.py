"""The XTA inbox/outbox pieces without sockets: job JSON of the metadata, the journal sink, the outbox qualifier."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from adapter.domain.jobs import JobState
from adapter.journal import open_journal
from adapter.journal.spool import Spool
from adapter.services.xta.journal import JOB_IN, JournalSink, meta_from_json, meta_to_json, parts_from_json
from adapter.services.xta.outbox import GENERIC, qualifier_of
from adapter.services.xta.route import is_xdomea
from adapter.transport.xta import Code, Content, FetchedMessage, MessageMeta, Party

META = MessageMeta("urn:de:xta:messageid:1", Party("fv:02", name="FV"), Party("dms:01"), "urn:s",
                   Code("0605", "urn:l", "2.0"), "urn:xoev-de:xdomea:schema:3.0.0",
                   Code("XDOMEAGAD_DATA", "urn:b", "1"), subject="Antrag", in_reply_to=("urn:x",),
                   origin=datetime(2024, 5, 2, 10, tzinfo=UTC), size=12)


def test_meta_json_round_trip() -> None:
    """MessageMeta survives the job's JSON unchanged, with a defined or an undefined business scenario."""
    assert meta_from_json(meta_to_json(META)) == META
    undefined = MessageMeta("m", Party("a"), Party("b"), "s", Code("1", "l", "1"), "p", "TEXT")
    assert meta_from_json(meta_to_json(undefined)) == undefined


def test_journal_sink_keeps_once_per_message_id(tmp_path: Path) -> None:
    """A message delivered twice is one staged xta-in job with the spooled parts; the sink returns no receipts."""
    journal = open_journal(f"sqlite:///{tmp_path / 'j.db'}")
    spool = Spool(tmp_path / "spool")
    sink = JournalSink(journal, spool)
    for round_ in range(2):
        (tmp_path / f"m{round_}").write_bytes(b"<m/>")
        (tmp_path / f"a{round_}").write_bytes(b"attachment")
        fetched = FetchedMessage(META, Content(tmp_path / f"m{round_}"),
                                 (Content(tmp_path / f"a{round_}", "application/pdf", "a.pdf"),))
        assert sink(fetched) == []
    [job] = journal.list()
    assert (job.kind, job.idempotency_key, job.state) == (JOB_IN, META.message_id, JobState.STAGED)
    parts = parts_from_json(spool, job.payload["parts"])
    assert [p.path.read_bytes() for p in parts] == [b"<m/>", b"attachment"] and parts[1].filename == "a.pdf"
    assert len(list(spool.root.iterdir())) == 2  # the second delivery copied nothing
    journal.close()


def test_qualifier_of_xdomea_generic_and_binary(tmp_path: Path) -> None:
    """The outbox reads the type from the root: xdomea code from the name, other XML generic, non-XML binary."""
    (tmp_path / "x.xml").write_bytes(b'<x:FVDaten.SGOAblegen.0605 xmlns:x="urn:xoev-de:xdomea:schema:3.1.0"/>')
    (tmp_path / "o.xml").write_bytes(b'<antrag xmlns="urn:xoev-de:xbau"/>')
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 \x00\x01")
    service, code, schema = qualifier_of(tmp_path / "x.xml")
    assert (code.code, schema) == ("0605", "urn:xoev-de:xdomea:schema:3.1.0") and "xdomea" in service
    assert qualifier_of(tmp_path / "o.xml")[0] == GENERIC and qualifier_of(tmp_path / "o.xml")[2] == "urn:xoev-de:xbau"
    assert qualifier_of(tmp_path / "b.pdf")[2] == "urn:egov-adapter:binary"


def test_is_xdomea_by_payload_schema() -> None:
    """Routing looks at payloadSchema: xdomea schema URNs only."""
    assert is_xdomea(META)
    assert not is_xdomea(MessageMeta("m", Party("a"), Party("b"), "s", Code("1", "l", "1"), "urn:xoev-de:xbau", "T"))
