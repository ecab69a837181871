"""Idempotency-Key over HTTP: same key and request replays; same key, other request is 422; nothing twice."""

from __future__ import annotations

from api_helpers import Running, stored_documents, upload


def test_same_key_same_upload_replays_and_files_once(api: Running) -> None:
    """Repeating an upload with its key answers the stored 201 (marked replayed) and stores one object."""
    c = api.client("poststelle")
    fields = {"betreff": "Antrag Idem", "eingangsdatum": "2026-03-01T10:00:00+01:00"}
    before = set(stored_documents(api.sandbox))
    first = upload(c, "/posteingang", fields, b"%PDF eins", **{"Idempotency-Key": '"k-1"'})
    second = upload(c, "/posteingang", fields, b"%PDF eins", **{"Idempotency-Key": '"k-1"'})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() and second.headers["idempotent-replayed"] == "true"
    assert len(set(stored_documents(api.sandbox)) - before) == 1


def test_same_key_different_request_is_422_and_files_nothing(api: Running) -> None:
    """The same key with different content is refused with a problem, and nothing more is stored."""
    c = api.client("poststelle")
    fields = {"betreff": "Antrag Zwei", "eingangsdatum": "2026-03-02T10:00:00+01:00"}
    assert upload(c, "/posteingang", fields, b"%PDF A", **{"Idempotency-Key": "k-2"}).status_code == 201
    before = stored_documents(api.sandbox)
    other = upload(c, "/posteingang", fields, b"%PDF B", **{"Idempotency-Key": "k-2"})
    assert other.status_code == 422 and other.headers["content-type"] == "application/problem+json"
    assert other.json()["type"] == "urn:egov-adapter:problem:idempotency-key-reused"
    assert stored_documents(api.sandbox) == before


def test_keys_are_scoped_per_client_and_apply_to_json_requests(api: Running) -> None:
    """Two clients may use the same key independently; a JSON create replays under its key."""
    hr, umwelt = api.client("hr"), api.client("umwelt")
    a = hr.post("/akten", json={"klasse": "personalakte", "betreff": "P 1"}, headers={"Idempotency-Key": "x"})
    b = umwelt.post("/akten", json={"klasse": "umwelt-genehmigung", "betreff": "U 1"},
                    headers={"Idempotency-Key": "x"})
    assert a.status_code == b.status_code == 201
    again = hr.post("/akten", json={"klasse": "personalakte", "betreff": "P 1"}, headers={"Idempotency-Key": "x"})
    assert again.json() == a.json() and again.headers["idempotent-replayed"] == "true"
    changed = hr.post("/akten", json={"klasse": "personalakte", "betreff": "P 2"},
                      headers={"Idempotency-Key": "x"})
    assert changed.status_code == 422


def test_failed_request_does_not_burn_the_key(api: Running) -> None:
    """After an error answer the same key may be used again for a corrected request."""
    c = api.client("hr")
    bad = c.post("/akten/99.99-2026-00001/vorgaenge", json={"titel": "V"}, headers={"Idempotency-Key": "retry"})
    assert bad.status_code == 404
    assert c.get("/akten/99.99-2026-00001").status_code == 404
    ok = c.post("/akten", json={"klasse": "personalakte", "betreff": "P 9"}, headers={"Idempotency-Key": "retry"})
    assert ok.status_code == 201
