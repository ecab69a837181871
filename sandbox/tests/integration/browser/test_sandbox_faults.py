"""Fault injection and the request counter, switched at run time over the admin endpoints."""

from __future__ import annotations

import hashlib
import time

import pytest
import requests
from egov_sandbox.server import SandboxServer
from sandbox_client import SpecClient


def admin(sandbox: SandboxServer, what: str) -> str:
    return f"{sandbox.urls.base}/sandbox/admin/{what}"


def set_faults(sandbox: SandboxServer, *rules: dict, seed: int | None = None) -> None:
    response = requests.put(admin(sandbox, "faults"), json={"rules": list(rules), "seed": seed},
                            auth=("admin", "admin"), timeout=5)
    assert response.status_code == 200, response.text


def children_names(cmis: SpecClient, folder_id: str) -> list[str]:
    listing = cmis.ok(cmis.get("children", folder_id, succinct="true"))
    return [o["object"]["succinctProperties"]["cmis:name"] for o in listing["objects"]]


def test_counter_counts_per_operation_and_resets(sandbox: SandboxServer, cmis: SpecClient) -> None:
    """Every request is counted under 'METHOD selector/action'; DELETE resets the counts."""
    requests.delete(admin(sandbox, "counters"), auth=("admin", "admin"), timeout=5)
    folder = cmis.folder(cmis.root_id, "F")
    cmis.document(folder["cmis:objectId"], "d", b"x")
    cmis.get("children", folder["cmis:objectId"])
    counts = requests.get(admin(sandbox, "counters"), auth=("admin", "admin"), timeout=5).json()
    assert counts == {"total": 3, "by_operation": {"POST createFolder": 1, "POST createDocument": 1,
                                                   "GET children": 1}}
    requests.delete(admin(sandbox, "counters"), auth=("admin", "admin"), timeout=5)
    assert sandbox.counter.snapshot()["total"] == 0


def test_latency_is_added_before_processing(sandbox: SandboxServer, cmis: SpecClient) -> None:
    """A latency rule delays matching requests only."""
    set_faults(sandbox, {"kind": "latency", "ms": 300, "match": ["GET children"]})
    start = time.monotonic()
    cmis.get("object", cmis.root_id)
    fast = time.monotonic() - start
    start = time.monotonic()
    cmis.get("children", cmis.root_id)
    slow = time.monotonic() - start
    assert slow >= 0.3 and fast < 0.3


@pytest.mark.parametrize("status", [500, 503])
def test_error_rule_answers_without_processing(sandbox: SandboxServer, cmis: SpecClient, status: int) -> None:
    """An error rule answers 500/503 and stores nothing."""
    set_faults(sandbox, {"kind": "error", "status": status, "times": 1, "match": ["POST createFolder"]})
    response = cmis.post("createFolder", cmis.root_id, {"cmis:name": "E", "cmis:objectTypeId": "cmis:folder"})
    assert response.status_code == status and response.json()["exception"] == "runtime"
    assert children_names(cmis, cmis.root_id) == []
    cmis.folder(cmis.root_id, "E")  # the rule was spent after one request


def test_reset_cuts_the_connection_before_anything_is_stored(sandbox: SandboxServer, cmis: SpecClient) -> None:
    """A reset rule drops the connection; the object was not created."""
    set_faults(sandbox, {"kind": "reset", "times": 1, "match": ["POST createDocument"]})
    with pytest.raises(requests.ConnectionError):
        cmis.post("createDocument", cmis.root_id, {"cmis:name": "R", "cmis:objectTypeId": "cmis:document"},
                  files={"content": ("r", b"r" * 100_000, "application/octet-stream")})
    assert children_names(cmis, cmis.root_id) == []
    assert list((sandbox.repo.data_dir / "content" / ".staging").iterdir()) == []


def test_lose_response_stores_the_change_then_cuts_the_connection(sandbox: SandboxServer,
                                                                  cmis: SpecClient) -> None:
    """'Commit, then lose the response': the client gets no answer, yet the document exists once."""
    set_faults(sandbox, {"kind": "lose_response", "times": 1, "match": ["POST createDocument"]})
    with pytest.raises(requests.ConnectionError):
        cmis.post("createDocument", cmis.root_id, {"cmis:name": "L", "cmis:objectTypeId": "cmis:document"},
                  files={"content": ("l", b"lost answer", "text/plain")})
    assert children_names(cmis, cmis.root_id) == ["L"]
    assert cmis.http.get(cmis.root_url + "/L").content == b"lost answer"


def test_rate_rules_fire_about_as_often_as_asked(sandbox: SandboxServer, cmis: SpecClient) -> None:
    """rate=0.5 with a seed hits roughly half of 200 matching requests."""
    set_faults(sandbox, {"kind": "error", "status": 503, "rate": 0.5, "match": ["GET object"]}, seed=7)
    statuses = [cmis.get("object", cmis.root_id).status_code for _ in range(200)]
    assert 60 < statuses.count(503) < 140 and set(statuses) == {200, 503}


def test_slow_body_paces_the_download(sandbox: SandboxServer, cmis: SpecClient) -> None:
    """slow_body sends the response at the given rate, intact."""
    data = bytes(range(256)) * 80  # 20 KiB
    doc = cmis.document(cmis.root_id, "s.bin", data)
    set_faults(sandbox, {"kind": "slow_body", "bytes_per_second": 40_000, "match": ["GET content"]})
    start = time.monotonic()
    got = cmis.get("content", doc["cmis:objectId"]).content
    assert got == data and time.monotonic() - start >= 0.45


def test_corrupt_content_changes_the_stored_bytes(sandbox: SandboxServer, cmis: SpecClient) -> None:
    """corrupt_content flips a bit on ingest: served bytes and the reported hash differ from the upload."""
    data = b"wichtiger Bescheid" * 100
    set_faults(sandbox, {"kind": "corrupt_content", "times": 1})
    doc = cmis.document(cmis.root_id, "c.txt", data)
    served = cmis.get("content", doc["cmis:objectId"]).content
    assert len(served) == len(data) and served != data
    assert doc["cmis:contentStreamHash"] == [f"{{sha-256}}{hashlib.sha256(served).hexdigest()}"]
    clean = cmis.document(cmis.root_id, "c2.txt", data)  # spent after one upload
    assert cmis.get("content", clean["cmis:objectId"]).content == data


def test_query_lag_hides_new_objects_for_a_while(sandbox: SandboxServer, cmis: SpecClient) -> None:
    """With query lag, a new object is found by path at once but by query only after the lag."""
    set_faults(sandbox, {"kind": "query_lag", "ms": 1500})
    doc = cmis.document(cmis.root_id, "neu.txt", b"n")
    assert cmis.ok(cmis.http.get(cmis.root_url + "/neu.txt", params={"cmisselector": "object"}))
    assert cmis.query("SELECT * FROM cmis:document")["numItems"] == 0
    time.sleep(1.6)
    found = cmis.query("SELECT * FROM cmis:document")
    assert [r["succinctProperties"]["cmis:objectId"] for r in found["results"]] == [doc["cmis:objectId"]]


def test_faults_are_configurable_at_start_and_cleared_at_run_time(tmp_path) -> None:
    """Rules given to the server at start apply; DELETE on the admin endpoint clears them."""
    from egov_sandbox.faults import FaultRule

    with SandboxServer(tmp_path / "s", faults=[FaultRule("error", status=500)]) as server:
        url = server.urls.browser
        assert requests.get(url, auth=("admin", "admin"), timeout=5).status_code == 500
        requests.delete(f"{server.urls.base}/sandbox/admin/faults", auth=("admin", "admin"), timeout=5)
        assert requests.get(url, auth=("admin", "admin"), timeout=5).status_code == 200


def test_invalid_fault_rules_are_refused(sandbox: SandboxServer) -> None:
    """Unknown kinds or out-of-range values answer invalidArgument and change nothing."""
    for rules in ([{"kind": "explode"}], [{"kind": "error", "rate": 2}], [{"kind": "error", "status": 404}]):
        response = requests.put(admin(sandbox, "faults"), json={"rules": rules}, auth=("admin", "admin"),
                                timeout=5)
        assert response.status_code == 400 and response.json()["exception"] == "invalidArgument"
    assert sandbox.faults.describe()["rules"] == []
    anonymous = requests.get(admin(sandbox, "faults"), timeout=5)
    assert anonymous.status_code == 401
