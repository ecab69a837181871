"""The authorization matrix: every client x record class x operation, allowed or denied, over HTTP.

EXPECTED is written by hand from the deployment's intent (HR: Personalakten only; the environment
office: its permits; the portal: reading permits; the mail room: the Posteingang). It is NOT derived
from the scopes in api_helpers.CLIENTS, which are the policy under test.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from api_helpers import Running, stored_documents, upload

Y, N = True, False
OPS = [("personalakte", "read"), ("personalakte", "file"), ("personalakte", "assign"),
       ("umwelt-genehmigung", "read"), ("umwelt-genehmigung", "file"), ("umwelt-genehmigung", "assign"),
       ("posteingang", "read"), ("posteingang", "file"),
       ("personalakte", "update"), ("personalakte", "mark"), ("umwelt-genehmigung", "update"),
       ("umwelt-genehmigung", "zda"), ("xdomea", "import")]
EXPECTED = {
    #             pa:   pa:   pa:    ug:   ug:   ug:    pe:   pe:   pa:   pa:   ug:   ug:   xdomea:
    #             read  file  assign read  file  assign read  file  upd   mark  upd   zda   import
    "hr":         (Y,    Y,    Y,     N,    N,    N,     Y,    N,    Y,    Y,    N,    N,    N),
    "umwelt":     (N,    N,    N,     Y,    Y,    Y,     Y,    N,    N,    N,    Y,    Y,    N),
    "portal":     (N,    N,    N,     Y,    N,    N,     N,    N,    N,    N,    N,    N,    N),
    "poststelle": (N,    N,    N,     N,    N,    N,     Y,    Y,    N,    N,    N,    N,    N),
}
_counter = itertools.count()


@pytest.fixture(scope="module")
def world(api: Running) -> dict[str, Any]:
    """One Personalakte with a Teilakte, one Umwelt Akte with a Vorgang, one Posteingang item (filed by admin)."""
    admin = api.client("admin")
    pa = upload(admin, "/dokumente", {"klasse": "personalakte", "betreff": "Vertrag",
                                      "neue_akte": "Personalakte Matrix", "teilakte": "Besoldung"}, b"pa").json()
    ug = admin.post("/akten", json={"klasse": "umwelt-genehmigung", "betreff": "Matrix GmbH"}).json()
    vorgang = admin.post(f"/akten/{ug['aktenzeichen']}/vorgaenge", json={"titel": "Antrag Matrix"}).json()
    return {"pa_az": pa["aktenzeichen"], "pa_teilakte": pa["teilakte"], "ug_az": ug["aktenzeichen"],
            "ug_vorgang": vorgang["id"], "pe_doc": _eingang(api)}


def _eingang(api: Running) -> str:
    n = next(_counter)
    response = upload(api.client("admin"), "/posteingang",
                      {"betreff": f"Brief {n}", "eingangsdatum": f"2026-06-01T10:{n % 60:02d}:00+02:00"}, b"brief")
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _attempt(api: Running, world: dict[str, Any], client: str, record_class: str, op: str) -> int:
    c, n = api.client(client), next(_counter)
    if op == "read":
        path = {"personalakte": f"/akten/{world['pa_az']}/baum", "umwelt-genehmigung": f"/akten/{world['ug_az']}",
                "posteingang": f"/dokumente/{world['pe_doc']}/inhalt"}[record_class]
        return c.get(path).status_code
    if op == "file" and record_class == "posteingang":
        fields = {"betreff": f"Eingang {n}", "eingangsdatum": "2026-06-02T08:00:00Z"}
        return upload(c, "/posteingang", fields, b"x").status_code
    if op == "file":
        target = ({"aktenzeichen": world["pa_az"], "teilakte": "Besoldung"} if record_class == "personalakte"
                  else {"aktenzeichen": world["ug_az"], "vorgang": "Antrag Matrix"})
        return upload(c, "/dokumente", {"klasse": record_class, "betreff": f"Dok {n}", **target},
                      b"x").status_code
    if op == "update":
        az = world["pa_az"] if record_class == "personalakte" else world["ug_az"]
        return c.patch(f"/akten/{az}", json={"betreff": f"Matrix {n}"}).status_code
    if op == "mark":  # then cleared again by admin
        status = c.put(f"/vorgaenge/{world['pa_teilakte']}/loeschmarkierung", json={"grund": "Matrix"}).status_code
        api.client("admin").delete(f"/vorgaenge/{world['pa_teilakte']}/loeschmarkierung")
        return status
    if op == "zda":  # then reopened by admin, so later cells can still assign into the Vorgang
        status = c.put(f"/vorgaenge/{world['ug_vorgang']}/zda").status_code
        api.client("admin").delete(f"/vorgaenge/{world['ug_vorgang']}/zda")
        return status
    if op == "import":
        return c.post("/xdomea", content=b"<x/>", headers={"Content-Type": "application/xml"}).status_code
    target_id = world["pa_teilakte"] if record_class == "personalakte" else world["ug_vorgang"]
    return c.post(f"/posteingang/{_eingang(api)}/zuordnung", json={"vorgang_id": target_id}).status_code


@pytest.mark.parametrize("client", sorted(EXPECTED))
def test_authorization_matrix(api: Running, world: dict[str, Any], client: str) -> None:
    """Each allowed cell succeeds (2xx) and each denied cell is 403, for one client across the whole row."""
    got = {}
    for (record_class, op), allowed in zip(OPS, EXPECTED[client], strict=True):
        before = len(stored_documents(api.sandbox))
        status = _attempt(api, world, client, record_class, op)
        got[(record_class, op)] = status
        assert (200 <= status < 300) if allowed else status == 403, (client, record_class, op, status)
        if not allowed and op == "file":
            assert len(stored_documents(api.sandbox)) == before
    assert len(got) == len(OPS)
