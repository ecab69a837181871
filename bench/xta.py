"""Benchmark: XTA poll -> sink -> close -> receipt against the test peer, and the poller's peak RSS.

``run(args)`` starts the XTA test peer (TLS with client certificates on loopback, a fresh test CA),
has one party send ``--messages`` small messages and measures the receiving party's poller:
getStatusList, getMessage (MTOM), ``DirectorySink`` (fsync), close, sendMessage of one receipt and
getTransportReport per message -> ``messages_per_s``. Then it sends one message with a
``--size-mb`` (default 500) attachment generated on disk (streamed up with MTOM) and runs the poller
in a subprocess (``--poller-child``), which reports its own peak RSS (``ru_maxrss``) after fetching,
spooling, keeping and closing that message. ``filed`` measures the whole inbox: ``--filed N`` xdomea
0605 messages (one PDF attachment each) go poll -> journal -> close -> xdomea import into an
in-process sandbox DMS -> 0629 + 0630 sent to the author with their transport reports.
Arguments: ``--messages N``, ``--filed N``, ``--size-mb N``, ``--xoev-dir PATH``; XSD validation of
the envelopes is off here (it is on in the tests).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from egov_sandbox.xta import CaFiles, XtaPeer, make_test_ca

from adapter.resources import MAPPINGS_DIR
from adapter.services.xta.poller import Poller
from adapter.transport.xta import (
    Code,
    Content,
    Endpoints,
    MessageMeta,
    MtomTransport,
    OutgoingMessage,
    Party,
    XtaClient,
    load_client_certificate,
    tls_session,
)
from adapter.transport.xta.sink import DirectorySink

__all__ = ["run"]

_CHECKOUT = Path(__file__).resolve().parent.parent
PARTIES = ["dms:01", "fv:02"]


def _client(party: str, ca: CaFiles, url: str, xoev: Path, spool: Path) -> XtaClient:
    session = tls_session(load_client_certificate(*ca.clients[party]), ca.ca_cert)
    return XtaClient(party=Party(party), endpoints=Endpoints.under(url), transport=MtomTransport(session, spool),
                     schema_dir=xoev)


def _message(folder: Path, message_id: str, author: str, reader: str,
             attachment: Path | None = None) -> OutgoingMessage:
    body = folder / f"{message_id.rsplit(':', 1)[-1]}.xml"
    body.write_bytes(b"<nachricht>" + b"x" * 2000 + b"</nachricht>")
    meta = MessageMeta(message_id, Party(author), Party(reader), "urn:xoev-de:xdomea",
                       Code("0401", "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0"),
                       "urn:xoev-de:xdomea:schema:xdomea_3.0.0", "XDOMEAGAD_DATA")
    parts = (Content(attachment, "application/octet-stream", attachment.name),) if attachment else ()
    return OutgoingMessage(meta, Content(body, "application/xml", body.name), parts)


def _big_file(path: Path, size_mb: int) -> None:
    block = os.urandom(1024 * 1024)
    with path.open("wb") as out:
        for _ in range(size_mb):
            out.write(block)


def _child(config_path: str) -> dict[str, Any]:
    config = json.loads(Path(config_path).read_text())
    ca = CaFiles(Path(config["ca"]), Path(config["ca"]) / "ca.pem", Path(), Path(),
                 {config["party"]: (Path(config["cert"]), Path(config["key"]))})
    client = _client(config["party"], ca, config["url"], Path(config["xoev"]), Path(config["spool"]))
    started = time.perf_counter()
    result = Poller(client, DirectorySink(Path(config["inbox"]))).poll_once()
    return {"closed": len(result.closed), "seconds": round(time.perf_counter() - started, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def _throughput(work: Path, ca: CaFiles, url: str, xoev: Path, count: int) -> dict[str, Any]:
    sender = _client("fv:02", ca, url, xoev, work / "spool-fv")
    for index in range(count):
        sender.send(_message(work, f"urn:de:xta:messageid:bench-{index}", "fv:02", "dms:01"))

    def receipt(fetched: Any) -> list[OutgoingMessage]:
        return [_message(work, fetched.meta.message_id + ":r", "dms:01", fetched.meta.author.identifier)]

    poller = Poller(_client("dms:01", ca, url, xoev, work / "spool-dms"), DirectorySink(work / "inbox", receipt))
    started, closed = time.perf_counter(), 0
    while closed < count:
        done = len(poller.poll_once().closed)
        if not done:
            break
        closed += done
    seconds = time.perf_counter() - started
    return {"messages": closed, "seconds": round(seconds, 2), "messages_per_s": round(closed / seconds, 1)}


def _0605(folder: Path, index: int) -> OutgoingMessage:
    """A 0605 (from the xdomea bench's template) with a fresh ProzessID and its PDF as an attachment."""
    from lxml import etree

    root = etree.fromstring((_CHECKOUT / "tests" / "data" / "xdomea" / "0605_template_3.0.0.xml").read_bytes())
    ns = etree.QName(root).namespace
    root.find(f"{{{ns}}}Kopf/{{{ns}}}ProzessID").text = str(uuid.uuid4())
    name = f"{uuid.uuid4()}_antrag.pdf"
    root.find(f".//{{{ns}}}Dateiname").text = name
    body, pdf = folder / f"m{index}.xml", folder / name
    body.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    pdf.write_bytes(b"%PDF-1.4 " + os.urandom(20_000))
    meta = MessageMeta(f"urn:de:xta:messageid:filed-{index}", Party("fv:02"), Party("dms:01"),
                       "urn:xoev-de:xdomea:kosit:standard:xdomea",
                       Code("0605", "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0"), ns, "XDOMEAGAD_DATA")
    return OutgoingMessage(meta, Content(body, "application/xml", body.name),
                           (Content(pdf, "application/pdf", name),))


def _filed(work: Path, ca: CaFiles, url: str, xoev: Path, count: int) -> dict[str, Any]:
    from egov_sandbox.server import SandboxServer

    from adapter.dms.cmis_browser import BrowserConnector
    from adapter.dms.http import DmsConnection
    from adapter.journal import open_journal
    from adapter.journal.spool import Spool
    from adapter.mapping import load_mappings
    from adapter.registry import SqliteRegistry
    from adapter.services.records.filing import FilingService
    from adapter.services.records.service import RecordService
    from adapter.services.xdomea.importer import XdomeaImportService
    from adapter.services.xta.inbox import XtaInbox
    from adapter.services.xta.route import InboundRouter
    from adapter.xoev.xdomea.codelists import CodeLists
    from adapter.xoev.xdomea.schemas import SchemaCatalog

    sender = _client("fv:02", ca, url, xoev, work / "spool-fv")
    (work / "filed").mkdir()
    for index in range(count):
        sender.send(_0605(work / "filed", index))
    users = "admin:admin:GROUP_poststelle|GROUP_sachbearbeitung|GROUP_personalstelle|GROUP_umweltamt"
    sandbox = SandboxServer(work / "sandbox", users=users).start()
    journal = open_journal(f"sqlite:///{work / 'journal.db'}")
    try:
        mappings = load_mappings(MAPPINGS_DIR)
        registry = SqliteRegistry(work / "registry.db")
        records = RecordService(BrowserConnector(DmsConnection(sandbox.urls.browser, user="admin", password="admin")),
                                mappings, mappings.profile("generic"), registry, registry)
        iwork = work / "inbox-work"  # wired as adapter.bootstrap wires the inbox
        kept = Spool(work / "journal-spool")
        importer = XdomeaImportService(records, SchemaCatalog(xoev), CodeLists(xoev), journal, iwork / "xdomea",
                                       parts_spool=lambda: kept)
        inbox = XtaInbox(_client("dms:01", ca, url, xoev, work / "spool-in"), journal, Spool(work / "journal-spool"),
                         InboundRouter(importer, FilingService(records), iwork / "route"), iwork / "receipts")
        started, done, receipts = time.perf_counter(), 0, 0
        while done < count:
            result = inbox.poll_once()
            if not result.done:
                break
            done += len(result.done)
            receipts += sum(len(d["receipts"]) for d in result.done)
        seconds = time.perf_counter() - started
    finally:
        journal.close()
        sandbox.stop()
    return {"messages": done, "receipts_sent": receipts, "seconds": round(seconds, 2),
            "messages_per_s": round(done / seconds, 2) if seconds else None}


def run(args: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench xta")
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--filed", type=int, default=50)
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--xoev-dir", type=Path, default=_CHECKOUT.parent / "shared" / "xoev")
    parser.add_argument("--poller-child", help=argparse.SUPPRESS)
    options = parser.parse_args(args)
    if options.poller_child:
        return _child(options.poller_child)
    with tempfile.TemporaryDirectory(prefix="bench-xta-") as tmp:
        work = Path(tmp)
        ca = make_test_ca(work / "ca", PARTIES)
        with XtaPeer(options.xoev_dir / "xta" / "2.1.1", ca, PARTIES, work / "peer") as peer:
            result: dict[str, Any] = {"throughput": _throughput(work, ca, peer.base_url, options.xoev_dir,
                                                                options.messages)}
            result["filed"] = _filed(work, ca, peer.base_url, options.xoev_dir, options.filed)
            big = work / "big.bin"
            _big_file(big, options.size_mb)
            started = time.perf_counter()
            _client("fv:02", ca, peer.base_url, options.xoev_dir, work / "spool-fv").send(
                _message(work, "urn:de:xta:messageid:big", "fv:02", "dms:01", big))
            send_s = time.perf_counter() - started
            cert, key = ca.clients["dms:01"]
            config = {"ca": str(ca.folder), "party": "dms:01", "cert": str(cert), "key": str(key),
                      "url": peer.base_url, "xoev": str(options.xoev_dir), "spool": str(work / "child-spool"),
                      "inbox": str(work / "child-inbox")}
            (work / "child.json").write_text(json.dumps(config))
            child = subprocess.run([sys.executable, "-m", "bench", "xta", "--poller-child", str(work / "child.json")],
                                   cwd=_CHECKOUT, capture_output=True, check=True, timeout=1800)
            result["large"] = {"attachment_mb": options.size_mb, "send_s": round(send_s, 2),
                               "sender_process_peak_rss_mb": round(
                                   resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                               "poller": json.loads(child.stdout)}
            kept = list((work / "child-inbox").glob("*/attachment-0"))
            result["large"]["kept_bytes"] = kept[0].stat().st_size if kept else 0
    return result
