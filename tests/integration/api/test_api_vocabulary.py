"""One vocabulary (German domain terms, old names accepted), Location on every 201, errors that say what to do."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from api_helpers import Running, upload

sys.path.insert(0, str(Path(__file__).parents[1] / "xdomea"))  # the message builders of the xdomea tests
from xdomea_messages import dokument, entry, message


def test_201_answers_carry_a_location_that_reads_back(api: Running) -> None:
    """Akte, Vorgang, Dokument, Posteingang and version: each 201 has a Location that answers 200 (issue 17, 7)."""
    c = api.client("admin")
    akte = c.post("/akten", json={"klasse": "umwelt-genehmigung", "betreff": "Standort Ost"})
    assert akte.status_code == 201 and akte.headers["location"] == f"/akten/{akte.json()['aktenzeichen']}"
    vorgang = c.post(f"/akten/{akte.json()['aktenzeichen']}/vorgaenge", json={"titel": "Genehmigung"})
    assert vorgang.status_code == 201 and vorgang.headers["location"] == f"/vorgaenge/{vorgang.json()['id']}"
    doc = upload(c, "/dokumente", {"klasse": "umwelt-genehmigung", "betreff": "Antrag",
                                   "aktenzeichen": akte.json()["aktenzeichen"], "vorgang": "Genehmigung"}, b"%PDF a")
    assert doc.status_code == 201 and doc.headers["location"] == f"/dokumente/{doc.json()['id']}"
    post = upload(c, "/posteingang", {"betreff": "Brief", "eingangsdatum": "2026-11-26T09:30:00+01:00"}, b"%PDF b")
    assert post.status_code == 201 and post.headers["location"] == f"/dokumente/{post.json()['id']}"
    version = c.post(f"/dokumente/{doc.json()['id']}/versionen", files={"datei": ("v2.pdf", b"%PDF c")})
    assert version.status_code == 201 and version.headers["location"] == f"/dokumente/{doc.json()['id']}/versionen"
    for answer in (akte, vorgang, doc, post, version):
        assert c.get(answer.headers["location"]).status_code == 200, answer.headers["location"]
    shown = c.get(vorgang.headers["location"]).json()
    assert shown["ebene"] == "vorgang" and shown["klasse"] == "umwelt-genehmigung"


def test_one_vocabulary_and_search_hits_carry_their_aktenzeichen(api: Running) -> None:
    """/suche and /dokumente speak the same German field names; a hit has the Aktenzeichen GET /dokumente has."""
    c = api.client("admin")
    filed = upload(c, "/dokumente", {"klasse": "umwelt-genehmigung", "betreff": "Vokabelprobe",
                                     "neue_akte": "Vokabelpark", "vorgang": "Genehmigung"}, b"%PDF v").json()
    shown = c.get(f"/dokumente/{filed['id']}").json()
    assert {"id", "ebene", "klasse", "betreff", "aktenzeichen"} <= shown.keys()
    assert "level" not in shown and "record_class" not in shown and filed["klasse"] == "umwelt-genehmigung"
    hits = c.get("/suche", params={"klasse": "umwelt-genehmigung", "feld": "betreff", "wert": "Vokabelprobe"}).json()
    assert [(h["id"], h["ebene"], h["klasse"], h["aktenzeichen"]) for h in hits] == [
        (filed["id"], "dokument", "umwelt-genehmigung", shown["aktenzeichen"])]
    assert shown["aktenzeichen"] is not None


def test_old_field_names_are_accepted_for_one_release(api: Running) -> None:
    """`record_class` (public before) still works in JSON bodies and forms; a conflict with `klasse` is a 400."""
    c = api.client("admin")
    akte = c.post("/akten", json={"record_class": "personalakte", "betreff": "Alt"})
    assert akte.status_code == 201 and akte.json()["klasse"] == "personalakte"
    doc = upload(c, "/dokumente", {"record_class": "personalakte", "betreff": "Alt",
                                   "aktenzeichen": akte.json()["aktenzeichen"], "teilakte": "Besoldung"}, b"%PDF o")
    assert doc.status_code == 201, doc.text
    both = c.post("/akten", json={"klasse": "personalakte", "record_class": "posteingang", "betreff": "x"})
    assert both.status_code == 400


def test_a_file_part_before_the_class_is_a_400_that_says_what_to_send_first(api: Running) -> None:
    """The file part sent first: 400 naming `klasse` and the order, not a 403 about class '' (issue 17, 7)."""
    boundary = "grenze"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"a.pdf\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n%PDF x\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"klasse\"\r\n\r\npersonalakte\r\n"
            f"--{boundary}--\r\n").encode()
    answer = api.client("admin").post("/dokumente", content=body,
                                      headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert answer.status_code == 400, answer.text
    assert "klasse" in answer.json()["detail"] and "before" in answer.json()["detail"]


def test_schema_problems_are_listed_with_line_and_message(api: Running) -> None:
    """POST /xdomea with a schema error names each problem (line, message), not just their count (issue 17, 7)."""
    built = message("0605", "3.1.0", [entry("FV-1", dokument("Antrag", {"antrag.pdf": b"%PDF a"}))])
    xml = re.sub(r"</(\w+:)?Kopf>", lambda m: f"<{m.group(1) or ''}Unbekannt/></{m.group(1) or ''}Kopf>",
                 built.xml.decode("utf-8"), count=1)
    refused = api.client("admin").post("/xdomea", content=xml.encode("utf-8"),
                                       headers={"Content-Type": "application/xml"})
    assert refused.status_code == 400, refused.text
    problems = refused.json()["problems"]
    assert problems and all(isinstance(p["line"], int) and "Unbekannt" in p["message"] for p in problems[:1])


