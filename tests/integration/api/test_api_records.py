"""End to end over HTTP against the sandbox: file, read, tree, download with Range, Akten, Vorgänge, assign."""

from __future__ import annotations

import hashlib
import os

from api_helpers import Running, assert_no_dms_leak, stored_documents, upload


def test_file_read_tree_and_download_with_range(api: Running) -> None:
    """A Personalakte document filed over HTTP is readable, in the tree, and downloadable whole and by range."""
    data = os.urandom(300_000)
    c = api.client("hr", **{"X-Bearbeiter": "pers-017"})
    filed = upload(c, "/dokumente", {"klasse": "personalakte", "betreff": "Bezüge 2026",
                                     "neue_akte": "Personalakte 4711", "teilakte": "Besoldung"}, data, "bezuege.pdf")
    assert filed.status_code == 201, filed.text
    doc = filed.json()
    assert doc["sha256"] == hashlib.sha256(data).hexdigest() and doc["size"] == len(data) and doc["created"]
    az = doc["aktenzeichen"]
    stored = api.sandbox.repo.get_object_by_path(f"/Personal/{az}/Besoldung/Bezüge 2026.pdf", "admin")
    assert stored.value("ea:bearbeiter") == "pers-017"  # the acting clerk from X-Bearbeiter
    akte = c.get(f"/akten/{az}")
    assert akte.json()["id"] == doc["akte"] and akte.json()["klasse"] == "personalakte"
    tree = c.get(f"/akten/{az}/baum").json()
    assert tree["children"][0]["ebene"] == "teilakte"
    assert tree["children"][0]["children"][0]["id"] == doc["id"]
    meta = c.get(f"/dokumente/{doc['id']}").json()
    assert meta["parent"] == doc["teilakte"] and meta["aktenzeichen"] == az and meta["name"] == "Bezüge 2026.pdf"
    whole = c.get(f"/dokumente/{doc['id']}/inhalt")
    assert whole.status_code == 200 and whole.content == data and whole.headers["accept-ranges"] == "bytes"
    part = c.get(f"/dokumente/{doc['id']}/inhalt", headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206 and part.content == data[1000:2000]
    assert part.headers["content-range"] == f"bytes 1000-1999/{len(data)}"
    tail = c.get(f"/dokumente/{doc['id']}/inhalt", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == data[-10:]
    beyond = c.get(f"/dokumente/{doc['id']}/inhalt", headers={"Range": f"bytes={len(data)}-"})
    assert beyond.status_code == 416 and beyond.headers["content-range"] == f"bytes */{len(data)}"
    for response in (filed, akte, whole, part, beyond):
        assert_no_dms_leak(response)


def test_create_akte_and_vorgang_then_assign_posteingang(api: Running) -> None:
    """An Umwelt Akte and Vorgang are created; a Posteingang item is filed and assigned into that Vorgang."""
    umwelt = api.client("umwelt", **{"X-Bearbeiter": "uwa-3"})
    akte = umwelt.post("/akten", json={"klasse": "umwelt-genehmigung", "betreff": "Windpark Nord GmbH"})
    assert akte.status_code == 201, akte.text
    az = akte.json()["aktenzeichen"]
    vorgang = umwelt.post(f"/akten/{az}/vorgaenge", json={"titel": "Genehmigung WKA 3"})
    assert vorgang.status_code == 201 and vorgang.json()["ebene"] == "vorgang"
    post = api.client("poststelle")
    eingang = upload(post, "/posteingang", {"betreff": "Widerspruch", "eingangsdatum": "2026-11-26T09:30:00+01:00"},
                     b"%PDF Widerspruch", "brief.pdf")
    assert eingang.status_code == 201 and eingang.json()["klasse"] == "posteingang"
    moved = umwelt.post(f"/posteingang/{eingang.json()['id']}/zuordnung", json={"vorgang_id": vorgang.json()["id"]})
    assert moved.status_code == 200, moved.text
    assert moved.json()["klasse"] == "umwelt-genehmigung"
    meta = umwelt.get(f"/dokumente/{eingang.json()['id']}").json()
    assert meta["parent"] == vorgang.json()["id"] and meta["aktenzeichen"] == az
    again = umwelt.post(f"/posteingang/{eingang.json()['id']}/zuordnung", json={"vorgang_id": vorgang.json()["id"]})
    assert again.status_code == 200  # assigning again to the same Vorgang is a no-op
    assert post.get(f"/dokumente/{eingang.json()['id']}").status_code == 403  # no longer Posteingang


def test_filing_into_an_akte_of_another_class_is_refused(api: Running) -> None:
    """A client allowed to file Umwelt records cannot slip a document into a Personalakte by its Aktenzeichen."""
    hr = api.client("hr")
    akte = hr.post("/akten", json={"klasse": "personalakte", "betreff": "Personalakte 0815"}).json()
    response = upload(api.client("umwelt"), "/dokumente", {"klasse": "umwelt-genehmigung", "betreff": "x",
                                                           "aktenzeichen": akte["aktenzeichen"]}, b"data")
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    assert hr.get(f"/akten/{akte['aktenzeichen']}/baum").json()["children"] == []


def test_search_by_a_field_within_a_class(api: Running) -> None:
    """GET /suche finds documents of a class by Betreff (our ids only); other classes are forbidden,
    unknown fields and levels are refused with problem+json."""
    umwelt = api.client("umwelt", **{"X-Bearbeiter": "uwa-3"})
    akte = umwelt.post("/akten", json={"klasse": "umwelt-genehmigung", "betreff": "Suchpark"}).json()
    for i, betreff in enumerate(("Gutachten Lärm", "Gutachten Lärm", "Stellungnahme")):
        filed = upload(umwelt, "/dokumente", {"klasse": "umwelt-genehmigung", "betreff": betreff,
                                              "aktenzeichen": akte["aktenzeichen"], "vorgang": f"Vorgang {i}"},
                       os.urandom(1000), "g.pdf")
        assert filed.status_code == 201, filed.text
    found = umwelt.get("/suche", params={"klasse": "umwelt-genehmigung", "feld": "betreff",
                                         "wert": "Gutachten Lärm"})
    assert found.status_code == 200, found.text
    assert [h["betreff"] for h in found.json()] == ["Gutachten Lärm", "Gutachten Lärm"]
    assert_no_dms_leak(found)
    akten = umwelt.get("/suche", params={"klasse": "umwelt-genehmigung", "ebene": "akte", "feld": "aktenzeichen",
                                         "wert": akte["aktenzeichen"]})
    assert [h["id"] for h in akten.json()] == [akte["id"]]
    forbidden = umwelt.get("/suche", params={"klasse": "personalakte", "feld": "betreff", "wert": "x"})
    assert forbidden.status_code == 403 and forbidden.headers["content-type"].startswith("application/problem+json")
    unknown = umwelt.get("/suche", params={"klasse": "umwelt-genehmigung", "feld": "gibtsnicht", "wert": "x"})
    assert unknown.status_code in (400, 422) and "searchable" in unknown.text


def test_long_subjects_and_titles_file_without_a_key_exactly_once(api: Running) -> None:
    """Subjects and titles of ordinary length (51/55 characters) and at the API's maximum (250) file
    without an Idempotency-Key (the derived keys have a fixed length); a repeat files nothing more."""
    c = api.client("hr", **{"X-Bearbeiter": "pers-017"})
    cases = [("Personalakte Maximiliane Mustermann-Lüdenscheid 4711",
              "Bezügemitteilung Januar 2026 einschließlich Nachzahlung"),
             ("A" * 250, "B" * 250)]
    for akte, betreff in cases:
        fields = {"klasse": "personalakte", "betreff": betreff, "neue_akte": akte, "teilakte": "Besoldung"}
        first = upload(c, "/dokumente", fields, b"%PDF lang", "lang.pdf")
        assert first.status_code == 201, first.text
        again = upload(c, "/dokumente", fields, b"%PDF lang", "lang.pdf")
        assert again.status_code == 201 and again.json()["id"] == first.json()["id"] and not again.json()["created"]
        az = first.json()["aktenzeichen"]
        stored = api.sandbox.repo.get_object_by_path(f"/Personal/{az}/Besoldung/{betreff}.pdf", "admin")
        assert stored.value("ea:betreff") == betreff
        assert len(stored.value("ea:idempotenzschluessel")) <= 200


def test_metadata_reads_answer_from_the_registry_on_the_loop_and_a_lost_akte_from_the_dms(api: Running) -> None:
    """GET /dokumente/{id} and GET /akten/{az} of known records take no hop to the thread pool (registry
    reads on the event loop); an Akte the registry lost is still found, by the service asking the DMS."""
    from uuid import UUID

    import adapter.api.routes._common as common

    hr = api.client("hr")
    filed = upload(hr, "/dokumente", {"klasse": "personalakte", "betreff": "Zeugnis",
                                      "neue_akte": "Personalakte 9001", "teilakte": "Besoldung"}, b"%PDF z")
    doc = filed.json()
    hops: list[str] = []
    real = common.run_in_threadpool

    async def counted(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        hops.append(getattr(fn, "__name__", "?"))
        return await real(fn, *args, **kwargs)

    common.run_in_threadpool = counted
    try:
        assert hr.get(f"/dokumente/{doc['id']}").json()["aktenzeichen"] == doc["aktenzeichen"]
        assert hr.get(f"/akten/{doc['aktenzeichen']}").json()["id"] == doc["akte"]
        assert hops == []
        api.adapter.records.registry.forget(UUID(doc["akte"]))
        lost = hr.get(f"/akten/{doc['aktenzeichen']}")
        assert lost.status_code == 200 and lost.json()["id"] == doc["akte"]
        assert hops  # the DMS was asked off the loop
    finally:
        common.run_in_threadpool = real
    assert hr.get(f"/dokumente/{doc['id']}").json()["parent"] == doc["teilakte"]


def test_a_malformed_clerk_is_refused_before_anything_is_filed(api: Running) -> None:
    """X-Bearbeiter outside its pattern: 400 invalid-request naming the header; nothing reaches the DMS."""
    before = len(stored_documents(api.sandbox))
    for clerk in ("pers 017", "x" * 65, "<script>"):
        c = api.client("hr", **{"X-Bearbeiter": clerk})
        refused = upload(c, "/dokumente", {"klasse": "personalakte", "betreff": "Abgelehnt",
                                           "neue_akte": "Personalakte 4712"}, b"x")
        assert refused.status_code == 400, refused.text
        problem = refused.json()
        assert problem["type"].endswith(":invalid-request") and problem["fields"] == ["header.x-bearbeiter"]
    assert len(stored_documents(api.sandbox)) == before
    allowed = api.client("hr", **{"X-Bearbeiter": "pers-017@amt.example:1"})
    assert allowed.get("/akten/11.02-2026-09999").status_code == 404  # past the clerk check: no such Akte


def test_the_api_description_declares_what_the_caller_reads(api: Running) -> None:
    """Every protected operation documents the bearer token and the optional X-Bearbeiter header."""
    spec = api.client(None).get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http", "scheme": "bearer", "description": "The client's API token (egov-adapter clients add)."}
    operations = {f"{method.upper()} {path}": op for path, item in spec["paths"].items() for method, op in item.items()}
    protected = {name: op for name, op in operations.items() if not name.startswith(("GET /health/", "GET /metrics"))}
    assert len(protected) > 25
    for name, op in protected.items():
        assert op["security"] == [{"HTTPBearer": []}], name
        clerk = [p for p in op["parameters"] if p["name"] == "x-bearbeiter"]
        assert clerk and clerk[0]["in"] == "header" and clerk[0]["required"] is False, name
        assert clerk[0]["schema"]["anyOf"][0]["pattern"] == r"^[\w.@:-]{1,64}$", name
