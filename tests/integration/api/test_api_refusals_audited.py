"""Refused attempts of an API client on a confidential class are audit entries (issue 17, 11)."""

from __future__ import annotations

import json

from api_helpers import Running, upload


def _refused_entries(api: Running) -> list[dict[str, object]]:
    log_path, _checkpoints = api.adapter.settings.audit_paths
    lines = log_path.read_text(encoding="utf-8").splitlines() if log_path.exists() else []
    return [e for e in map(json.loads, lines) if e.get("outcome") == "refused"]


def test_each_refused_operation_on_a_personalakte_document_is_audited(api: Running) -> None:
    """The Umwelt client tries reads and changes on a Personalakte document: each 403 leaves one entry naming the
    client, the record and outcome 'refused'; refusals on a non-confidential class leave none."""
    filed = upload(api.client("hr"), "/dokumente", {"klasse": "personalakte", "betreff": "Vertrag",
                                                    "neue_akte": "Personalakte Audit", "teilakte": "Besoldung"},
                   b"%PDF p").json()
    before = len(_refused_entries(api))
    umwelt, doc = api.client("umwelt"), filed["id"]
    attempts = [umwelt.get(f"/dokumente/{doc}"), umwelt.get(f"/dokumente/{doc}/inhalt"),
                umwelt.get(f"/dokumente/{doc}/versionen"), umwelt.patch(f"/dokumente/{doc}", json={"betreff": "x"}),
                umwelt.put(f"/dokumente/{doc}/loeschmarkierung", json={"grund": "x"}),
                umwelt.delete(f"/dokumente/{doc}")]
    assert [a.status_code for a in attempts] == [403] * len(attempts)
    entries = _refused_entries(api)[before:]
    assert len(entries) == len(attempts)
    assert all(e["record"] == doc and "umwelt" in json.dumps(e) for e in entries)
    portal_before = len(_refused_entries(api))
    assert api.client("portal").post("/akten", json={"klasse": "umwelt-genehmigung", "betreff": "x"}).status_code == 403
    assert len(_refused_entries(api)) == portal_before
