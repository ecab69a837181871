"""Two tenants side by side on one journal: filings, xdomea imports and XTA messages of both land only in their
own DMS (counted in both sandbox stores), and every cross-tenant access answers as if the object did not exist."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from egov_sandbox.xta import CaFiles, XtaPeer
from sandbox_store import stored_documents
from tenants_helpers import Deployment, exit_code, wait_done
from typer.testing import CliRunner
from xdomea_messages import dokument, entry, message

from adapter.bootstrap import cli_app
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

pytestmark = pytest.mark.network
SCHEMA_DIR = Path(__file__).resolve().parents[4] / "shared" / "xoev"


def _file(deployment: Deployment, client: str, tag: str, **fields: str) -> dict[str, Any]:
    """A filing into a new Akte of umwelt-genehmigung: the answer (201)."""
    with deployment.client(client) as c:
        answer = c.post("/dokumente", data={"klasse": "umwelt-genehmigung", "neue_akte": f"Windpark {tag}",
                                            "vorgang": "Genehmigung", "betreff": f"Antrag {tag}", **fields},
                        files={"datei": (f"{tag}.pdf", f"%PDF {tag}".encode(), "application/pdf")})
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _xdomea(deployment: Deployment, client: str, tag: str, tmp: Path) -> dict[str, Any]:
    """An xdomea 0605 container (a 202 job the fair worker runs): the finished job."""
    files = {f"{tag}.pdf": f"%PDF x{tag}".encode()}
    built = message("0605", "3.1.0", [entry(f"FV-{tag}", dokument(f"Bauantrag {tag}", files))])
    data = built.container(tmp).read_bytes()
    with deployment.client(client, **{"Content-Type": "application/zip"}) as c:
        accepted = c.post("/xdomea", content=data)
        assert accepted.status_code == 202, accepted.text
        return wait_done(c, accepted.headers["location"]) | {"location": accepted.headers["location"]}


def _contents(server: Any) -> set[str]:
    return set(stored_documents(server).values())


def test_both_tenants_file_side_by_side_and_only_into_their_own_dms(deployment: Deployment, tmp_path: Path) -> None:
    """Filings and xdomea imports of aachen (generic) and region (alfresco) run at once; each sandbox store holds
    exactly its own tenant's documents, and the journal rows carry their tenant."""
    a_doc = _file(deployment, "aachen-fv", "aachen-1")
    b_doc = _file(deployment, "region-fv", "region-1")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a_job, b_job = _xdomea(deployment, "aachen-fv", "aachen-x", tmp_path / "a"), _xdomea(deployment, "region-fv",
                                                                                           "region-x", tmp_path / "b")
    assert a_job["state"] == b_job["state"] == "done", (a_job, b_job)
    a_store, b_store = _contents(deployment.dms["aachen"]), _contents(deployment.dms["region"])
    def sha(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    assert {sha("%PDF aachen-1"), sha("%PDF xaachen-x")} <= a_store
    assert {sha("%PDF region-1"), sha("%PDF xregion-x")} <= b_store
    assert not a_store & b_store  # nothing of one tenant in the other's DMS
    assert a_doc["id"] != b_doc["id"]
    jobs = {j.id: j.tenant for j in deployment.tenants.journals.list(limit=1000)}
    assert set(jobs.values()) == {"aachen", "region"}


def test_every_cross_tenant_access_is_not_found(deployment: Deployment, tmp_path: Path) -> None:
    """Region's client tries aachen's ids, Aktenzeichen, search, job and content: always 404 / no hits."""
    first = _file(deployment, "aachen-fv", "aachen-1")
    second = _file(deployment, "aachen-fv", "aachen-2")  # an Aktenzeichen region has not allocated
    (tmp_path / "a").mkdir()
    job = _xdomea(deployment, "aachen-fv", "aachen-x", tmp_path / "a")
    doc, az, vorgang, akte = second["id"], second["aktenzeichen"], second["vorgang"], second["akte"]
    assert vorgang and akte
    with deployment.client("aachen-fv") as own:
        assert own.get(f"/dokumente/{doc}").status_code == 200 and own.get(f"/akten/{az}").status_code == 200
    before = (_contents(deployment.dms["aachen"]), _contents(deployment.dms["region"]))
    with deployment.client("region-fv") as other:
        tries = [other.get(f"/dokumente/{doc}"), other.get(f"/dokumente/{doc}/inhalt"),
                 other.get(f"/dokumente/{doc}/versionen"), other.get(f"/akten/{az}"), other.get(f"/akten/{az}/baum"),
                 other.get(job["location"]), other.patch(f"/dokumente/{doc}", json={"betreff": "x"}),
                 other.put(f"/dokumente/{doc}/loeschmarkierung", json={"grund": "x"}),
                 other.delete(f"/dokumente/{doc}"),
                 other.post(f"/akten/{az}/vorgaenge", json={"titel": "Fremd", "ebene": "vorgang"}),
                 other.post(f"/posteingang/{doc}/zuordnung", json={"aktenzeichen": az, "vorgang": "Genehmigung"})]
        tries.append(other.get(f"/vorgaenge/{vorgang}"))
        tries.append(other.put(f"/vorgaenge/{vorgang}/zda", json={}))
        for answer in tries:
            assert answer.status_code == 404, (answer.request.method, answer.request.url, answer.text)
            assert answer.headers["content-type"].startswith("application/problem+json")
        search = {"klasse": "umwelt-genehmigung", "feld": "betreff", "wert": "Antrag aachen-1"}
        hits = other.get("/suche", params=search)
        assert hits.status_code == 200 and hits.json() == [], hits.text
    with deployment.client("aachen-fv") as own:
        assert [h["id"] for h in own.get("/suche", params=search).json()] == [first["id"]]
    assert (_contents(deployment.dms["aachen"]), _contents(deployment.dms["region"])) == before
    assert first["id"] != doc


def test_audit_entries_stay_in_their_tenants_trail(deployment: Deployment) -> None:
    """A Personalakte filed and read by aachen is audited in aachen's trail (entries carry the tenant); region's
    client gets 404 for it and region's trail never names it."""
    with deployment.client("aachen-fv") as own:
        filed = own.post("/dokumente", data={"klasse": "personalakte", "neue_akte": "Personalakte 4711",
                                             "teilakte": "Besoldung", "betreff": "Bezuege"},
                         files={"datei": ("b.pdf", b"%PDF pers", "application/pdf")})
        assert filed.status_code == 201, filed.text
        doc = filed.json()["id"]
        assert own.get(f"/dokumente/{doc}/inhalt").content == b"%PDF pers"
    with deployment.client("region-fv") as other:
        assert other.get(f"/dokumente/{doc}").status_code == 404
        assert other.get(f"/dokumente/{doc}/inhalt").status_code == 404
    trails = {t: deployment.tenants.get(t).settings.audit_paths[0] for t in ("aachen", "region")}
    entries = [json.loads(line) for line in trails["aachen"].read_text().splitlines()]
    assert {(e["action"], e["tenant"]) for e in entries if e["record"] == doc} == {("create", "aachen"),
                                                                                     ("read", "aachen")}
    assert not trails["region"].exists() or doc not in trails["region"].read_text()


def test_cli_jobs_and_dead_letters_of_another_tenant_do_not_exist(deployment: Deployment, tmp_path: Path) -> None:
    """`jobs show` and `dead-letters replay` with --tenant region do not find aachen's job; nothing is audited."""
    (tmp_path / "a").mkdir()
    job = _xdomea(deployment, "aachen-fv", "aachen-x", tmp_path / "a")
    job_id = job["location"].rsplit("/", 1)[-1]
    runner = CliRunner()
    shown = runner.invoke(cli_app(), ["jobs", "show", job_id, "--tenant", "aachen"], obj=deployment.settings)
    assert shown.exit_code == 0 and json.loads(shown.output)["tenant"] == "aachen", shown.output
    other = runner.invoke(cli_app(), ["jobs", "show", job_id, "--tenant", "region"], obj=deployment.settings)
    assert exit_code(other) == 1 and "no such job" in str(other.exception)
    replay = runner.invoke(cli_app(), ["dead-letters", "replay", job_id, "--tenant", "region", "--reason", "test"],
                           obj=deployment.settings)
    assert exit_code(replay) == 1 and "no such job" in str(replay.exception)
    region_log, _ = deployment.tenants.get("region").settings.audit_paths
    assert not region_log.exists() or job_id not in region_log.read_text()


def _xta_client(peer: XtaPeer, ca: CaFiles, tmp: Path) -> XtaClient:
    identity = load_client_certificate(*ca.clients["fv:09"])
    transport = MtomTransport(tls_session(identity, ca.ca_cert), tmp / "fv-spool")
    return XtaClient(party=Party("fv:09"), endpoints=Endpoints.under(peer.base_url), transport=transport,
                     schema_dir=SCHEMA_DIR)


def _send_0605(client: XtaClient, reader: str, tag: str, tmp: Path) -> str:
    files = {f"{tag}.pdf": f"%PDF xta {tag}".encode()}
    built = message("0605", "3.0.0", [entry(f"FV-{tag}", dokument(f"XTA {tag}", files))])
    folder = tmp / tag
    folder.mkdir()
    (folder / "message.xml").write_bytes(built.xml)
    parts = []
    for name, data in built.files.items():
        (folder / name).write_bytes(data)
        parts.append(Content(folder / name, "application/pdf", name))
    message_id = client.create_message_id()
    meta = MessageMeta(message_id, Party("fv:09"), Party(reader), "urn:xoev-de:xdomea:kosit:standard:xdomea",
                       Code("0605", "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0"),
                       "urn:xoev-de:xdomea:schema:3.0.0", "XDOMEAGAD_DATA")
    client.send(OutgoingMessage(meta, Content(folder / "message.xml", "application/xml", "message.xml"), tuple(parts)))
    return message_id


def test_xta_messages_of_both_mailboxes_are_filed_by_their_own_tenant(deployment: Deployment, xta_peer: XtaPeer,
                                                                      xta_ca: CaFiles, tmp_path: Path) -> None:
    """`xta poll --once` runs one poller per tenant mailbox in one process: each 0605 lands in the DMS of the tenant
    whose mailbox it arrived in, and the receipts go back to the sender."""
    sender = _xta_client(xta_peer, xta_ca, tmp_path)
    to_a = _send_0605(sender, "aachen:01", "ax", tmp_path)
    to_b = _send_0605(sender, "region:02", "bx", tmp_path)
    result = CliRunner().invoke(cli_app(), ["xta", "poll", "--once"], obj=deployment.settings)
    assert result.exit_code == 0, result.output
    assert f"aachen: {to_a}: xdomea" in result.output and f"region: {to_b}: xdomea" in result.output, result.output
    a_store, b_store = _contents(deployment.dms["aachen"]), _contents(deployment.dms["region"])
    assert hashlib.sha256(b"%PDF xta ax").hexdigest() in a_store - b_store
    assert hashlib.sha256(b"%PDF xta bx").hexdigest() in b_store - a_store
    assert len(sender.status_list().entries) == 4  # 0629 + 0630 from each tenant
    a_jobs = deployment.tenants.get("aachen").journal.find_by_key("xta-in", "xta", to_a)
    assert a_jobs is not None and deployment.tenants.get("region").journal.find_by_key("xta-in", "xta", to_a) is None
