"""The Aussonderung over the API: its own scopes, candidates and the legal hold, confidential listings audited."""

from __future__ import annotations

import json

from api_helpers import Running


def _client(api: Running, name: str, scopes: list[str]):  # type: ignore[no-untyped-def]
    if name not in api.tokens:
        api.tokens[name] = api.store.add(name, scopes)
    return api.client(name, **{"X-Bearbeiter": "archivar-1"})


def _closed_akte(api: Running, klasse: str, betreff: str) -> tuple[str, str]:
    """An Akte closed zdA on 1990-01-01: every class's retention is over by now."""
    admin = api.client("admin")
    akte = admin.post("/akten", json={"klasse": klasse, "betreff": betreff}).json()
    admin.put(f"/akten/{akte['id']}/zda", json={"ende": "1990-01-01"}).raise_for_status()
    return akte["id"], akte["aktenzeichen"]


def test_the_aussonderung_scopes_are_its_own(api: Running) -> None:
    """aussonderung:read lists and shows, but may not offer; a record-class scope reaches none of it."""
    reader = _client(api, "archivar", ["aussonderung:read"])
    assert reader.get("/aussonderung/kandidaten").status_code == 200
    assert reader.get("/aussonderung/prozesse").json() == {"prozesse": []}
    assert reader.post("/aussonderung/anbietungen", json={}).status_code == 403
    assert reader.post("/aussonderung/abgaben", json={}).status_code == 403
    umwelt = api.client("umwelt")
    assert umwelt.get("/aussonderung/kandidaten").status_code == 403


def test_candidates_follow_zda_and_the_legal_hold(api: Running) -> None:
    """A closed Akte past retention is a candidate with its class's Aussonderungsart (A: delivered directly, so
    an offer leaves it out); under a hold it is not; released, it is again."""
    akte, aktenzeichen = _closed_akte(api, "umwelt-genehmigung", "Deponie Ost")
    runner = _client(api, "aussonderung", ["aussonderung:read", "aussonderung:run"])
    found = {c["id"]: c for c in runner.get("/aussonderung/kandidaten",
                                            params={"klasse": "umwelt-genehmigung"}).json()}
    assert found[akte]["aktenzeichen"] == aktenzeichen and found[akte]["aussonderungsart"] == "A"
    offered = runner.post("/aussonderung/anbietungen", json={"klasse": "umwelt-genehmigung"}).json()
    assert offered["prozess_id"] is None and akte in [c["id"] for c in offered["uebergangen"]]
    admin = api.client("admin")
    assert admin.put(f"/akten/{akte}/loeschsperre", json={"grund": "Klage"}).status_code == 200
    assert akte not in [c["id"] for c in runner.get("/aussonderung/kandidaten").json()]
    assert admin.delete(f"/akten/{akte}/loeschsperre").status_code == 200
    assert akte in [c["id"] for c in runner.get("/aussonderung/kandidaten").json()]


def test_listing_a_confidential_candidate_is_an_audited_read(api: Running) -> None:
    """A Personalakte due for the Aussonderung, listed by an archivist: one read entry with client and clerk."""
    akte, _az = _closed_akte(api, "personalakte", "Personalakte 0815")
    reader = _client(api, "archivar-2", ["aussonderung:read"])
    assert akte in [c["id"] for c in reader.get("/aussonderung/kandidaten", params={"klasse": "personalakte"}).json()]
    log, _checkpoints = api.adapter.settings.audit_paths
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    reads = [e for e in entries if e["record"] == akte and e["action"] == "read"]
    assert [(e["client"], e["clerk"], e["outcome"]) for e in reads] == [("archivar-2", "archivar-1", "ok")]
