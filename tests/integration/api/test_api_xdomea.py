"""xdomea by POST: bare messages answered with receipts, containers as jobs, hostile ones refused, redelivery."""

from __future__ import annotations

import base64
import io
import sys
import zipfile
from pathlib import Path

import httpx
from api_helpers import Running, assert_no_dms_leak, running_api, stored_documents, wait_for_job

from adapter.xoev.xdomea.schemas import SchemaCatalog

sys.path.insert(0, str(Path(__file__).parents[1] / "xdomea"))  # the message builders of the xdomea tests
from xdomea_messages import Built, dokument, entry, message
from xdomea_scenario import HANDLED, SENDERS, every_type

PROBLEM = "application/problem+json"


def _receipts(body: dict[str, object]) -> dict[str, bytes]:
    items = body["receipts"]
    assert isinstance(items, list)
    return {r["name"].rsplit("_", 1)[1]: base64.b64decode(r["content_base64"]) for r in items}


def test_bare_0605_is_imported_at_once_with_receipts(api: Running) -> None:
    """A bare 0605 without documents' bytes is refused with its negative 0630; with xdomea:import only."""
    built = message("0605", "3.1.0", [entry("FV-1", dokument("Antrag", {"antrag.pdf": b"%PDF a"}))])
    c = api.client("admin")
    refused = c.post("/xdomea", content=built.xml, headers={"Content-Type": "application/xml"})
    assert refused.status_code == 400 and refused.headers["content-type"] == PROBLEM, refused.text
    assert "FVDaten.ImportBestaetigen.0630.xml" in _receipts(refused.json())
    assert api.client("hr").post("/xdomea", content=built.xml,
                                 headers={"Content-Type": "application/xml"}).status_code == 403


def test_container_is_a_job_with_receipts_and_ids_and_files_once(api: Running, tmp_path: Path) -> None:
    """A 0605 ZIP answers 202; the job's result holds 0629/0630 and our UUIDs; a redelivery files nothing."""
    built = message("0605", "3.1.0", [entry("FV-1", dokument("Bauantrag", {"bau.pdf": b"%PDF bauantrag"})),
                                      entry("FV-2", dokument("Lageplan", {"lage.pdf": b"%PDF lageplan"}))])
    data = built.container(tmp_path).read_bytes()
    c = api.client("admin", **{"Content-Type": "application/zip"})
    accepted = c.post("/xdomea", content=data)
    assert accepted.status_code == 202, accepted.text
    done = wait_for_job(c, accepted.headers["location"])
    assert done["state"] == "done" and done["kind"] == "xdomea", done
    result = done["result"]
    assert result["problem"] is None and result["prozess_id"] == built.process_id
    assert set(_receipts(result)) == {"FVDaten.EmpfangBestaetigen.0629.xml", "FVDaten.ImportBestaetigen.0630.xml"}
    assert [e["fv_id"] for e in result["entries"]] == ["FV-1", "FV-2"] and all(e["filed"] for e in result["entries"])
    doc = result["entries"][0]["objects"][0]["id"]
    assert c.get(f"/dokumente/{doc}/inhalt").content == b"%PDF bauantrag"
    before = stored_documents(api.sandbox)
    again = wait_for_job(c, c.post("/xdomea", content=data).headers["location"])
    assert again["result"]["receipts"] == result["receipts"]
    resent = c.post("/xdomea", content=data, headers={"Idempotency-Key": "resend-1"})
    assert wait_for_job(c, resent.headers["location"])["result"]["redelivered"] is True
    assert stored_documents(api.sandbox) == before
    for answer in (accepted, c.get(accepted.headers["location"])):
        assert_no_dms_leak(answer)


def test_hostile_containers_are_problems_and_file_nothing(api: Running, tmp_path: Path) -> None:
    """Not a ZIP, a traversal name, a wrong media type: problem+json at once, nothing filed, no job."""
    c = api.client("admin")
    before = stored_documents(api.sandbox)
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as out:
        out.writestr("../../etc/passwd", b"x")
    for content, media, status in ((b"not a zip at all", "application/zip", 400),
                                   (evil.getvalue(), "application/zip", 400),
                                   (b"PK\x03\x04broken", "application/zip", 400),
                                   (b"<x/>", "text/plain", 415)):
        response = c.post("/xdomea", content=content, headers={"Content-Type": media})
        assert response.status_code == status and response.headers["content-type"] == PROBLEM, response.text
        assert "location" not in response.headers
    xml = c.post("/xdomea", content=b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
                 headers={"Content-Type": "application/xml"})
    assert xml.status_code == 400 and "root:" not in xml.text
    assert stored_documents(api.sandbox) == before


def test_every_handled_type_in_4_0_0_over_http(tmp_path: Path) -> None:
    """The whole case (0604 … 0615, an Abgabe in two messages) by POST /xdomea: bare XML at once, ZIPs as jobs."""
    classes = ",".join(f"{sender}={rc}" for sender, rc in SENDERS.items())
    catalog = SchemaCatalog(Path(__file__).resolve().parents[3].parent / "shared" / "xoev")
    with running_api(tmp_path, environ={"EGOV_XDOMEA_CLASSES": classes}) as api:
        c = api.client("admin")

        def send(built: Built) -> dict[str, bytes]:
            if built.files:
                folder = tmp_path / built.stem
                folder.mkdir()
                accepted = c.post("/xdomea", content=built.container(folder).read_bytes(),
                                  headers={"Content-Type": "application/zip"})
                assert accepted.status_code == 202, accepted.text
                result = wait_for_job(c, accepted.headers["location"])["result"]
            else:
                answered = c.post("/xdomea", content=built.xml, headers={"Content-Type": "application/xml"})
                assert answered.status_code == 200, answered.text
                result = answered.json()
            assert result["problem"] is None, result["problem"]
            assert_no_dms_leak(httpx.Response(200, json=result))
            return {r["name"]: base64.b64decode(r["content_base64"]) for r in result["receipts"]}

        assert every_type("4.0.0", send, catalog) == HANDLED
        assert len(stored_documents(api.sandbox)) == 4
