"""The record lifecycle over HTTP: metadata, versions, deletion marks, zdA, final deletion (refused in retention)."""

from __future__ import annotations

import hashlib

from api_helpers import Running, assert_no_dms_leak, stored_documents, upload

PROBLEM = "application/problem+json"


def test_update_version_mark_zda_and_delete_of_a_personalakte_document(api: Running) -> None:
    """hr changes the Betreff, adds a version, marks, cannot delete within retention, unmarks, closes and reopens."""
    hr = api.client("hr", **{"X-Bearbeiter": "pers-9"})
    doc = upload(hr, "/dokumente", {"klasse": "personalakte", "betreff": "Zeugnis",
                                    "neue_akte": "Personalakte Lebenszyklus"}, b"v1", "zeugnis.pdf").json()
    patched = hr.patch(f"/dokumente/{doc['id']}", json={"betreff": "Arbeitszeugnis"})
    assert patched.status_code == 200 and patched.json()["betreff"] == "Arbeitszeugnis", patched.text
    assert hr.get(f"/dokumente/{doc['id']}").json()["betreff"] == "Arbeitszeugnis"
    assert hr.patch(f"/dokumente/{doc['id']}", json={"dms_id": "x"}).status_code == 400
    version = hr.post(f"/dokumente/{doc['id']}/versionen", files={"datei": ("zeugnis.pdf", b"v2", "application/pdf")})
    assert version.status_code == 201 and version.json()["sha256"] == hashlib.sha256(b"v2").hexdigest(), version.text
    listed = hr.get(f"/dokumente/{doc['id']}/versionen").json()
    assert len(listed) == 2 and listed[0]["sha256"] == hashlib.sha256(b"v2").hexdigest()
    assert hr.get(f"/dokumente/{doc['id']}/inhalt").content == b"v2"
    assert hr.put(f"/dokumente/{doc['id']}/loeschmarkierung", json={"grund": "Dublette"}).status_code == 200
    before = stored_documents(api.sandbox)
    refused = hr.delete(f"/dokumente/{doc['id']}")
    assert refused.status_code in (400, 409) and refused.headers["content-type"] == PROBLEM, refused.text
    assert stored_documents(api.sandbox) == before  # nothing half-done
    assert hr.delete(f"/dokumente/{doc['id']}/loeschmarkierung").status_code == 200
    closed = hr.put(f"/akten/{doc['akte']}/zda", json={"ende": "2026-06-30"})
    assert closed.status_code == 200, closed.text
    late = upload(hr, "/dokumente", {"klasse": "personalakte", "betreff": "Nachtrag",
                                     "aktenzeichen": doc["aktenzeichen"]}, b"late")
    assert late.status_code >= 400 and late.headers["content-type"] == PROBLEM
    assert hr.delete(f"/akten/{doc['akte']}/zda").status_code == 200
    assert hr.patch(f"/akten/{doc['aktenzeichen']}", json={"betreff": "Personalakte L."}).status_code == 200
    for response in (patched, version, refused, closed):
        assert_no_dms_leak(response)


def test_other_clients_cannot_change_or_delete(api: Running) -> None:
    """umwelt and the read-only portal get 403 on a Personalakte document; a wrong collection is 404."""
    hr = api.client("hr")
    doc = upload(hr, "/dokumente", {"klasse": "personalakte", "betreff": "Fremd",
                                    "neue_akte": "Personalakte Fremd"}, b"x").json()
    for name in ("umwelt", "portal"):
        c = api.client(name)
        assert c.patch(f"/dokumente/{doc['id']}", json={"betreff": "y"}).status_code == 403
        assert c.put(f"/dokumente/{doc['id']}/loeschmarkierung", json={"grund": "z"}).status_code == 403
        assert c.delete(f"/dokumente/{doc['id']}").status_code == 403
    assert hr.put(f"/vorgaenge/{doc['id']}/zda").status_code == 404  # a document is not a Vorgang
