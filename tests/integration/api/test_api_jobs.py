"""Asynchronous uploads: above the sync limit a filing answers 202 with a job that the in-process worker runs."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator

import pytest
from api_helpers import Running, assert_no_dms_leak, running_api, stored_documents, upload, wait_for_job


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """The API with a 64 KiB synchronous limit (larger uploads become jobs)."""
    with running_api(tmp_path_factory.mktemp("jobs"), sync_upload_bytes=65536) as running:
        yield running


def test_large_upload_is_a_job_that_files_once(api: Running) -> None:
    """A 300 KB upload answers 202 + Location; the job completes with our ids; the document is stored once."""
    data = os.urandom(300_000)
    hr = api.client("hr")
    fields = {"klasse": "personalakte", "betreff": "Großer Scan", "neue_akte": "Personalakte Jobs"}
    response = upload(hr, "/dokumente", fields, data, "gross.pdf", **{"Idempotency-Key": "big-1"})
    assert response.status_code == 202, response.text
    location = response.headers["location"]
    assert location == f"/jobs/{response.json()['id']}" and response.json()["kind"] == "filing"
    done = wait_for_job(hr, location)
    assert done["state"] == "done", done
    result = done["result"]
    assert result["sha256"] == hashlib.sha256(data).hexdigest() and result["size"] == len(data)
    assert hr.get(f"/dokumente/{result['id']}/inhalt").content == data
    sha = hashlib.sha256(data).hexdigest()
    assert list(stored_documents(api.sandbox).values()).count(sha) == 1
    again = upload(hr, "/dokumente", fields, data, "gross.pdf", **{"Idempotency-Key": "big-1"})
    assert again.status_code == 202 and again.json()["id"] == response.json()["id"]
    assert again.json()["state"] == "done" and again.headers["location"] == location
    assert list(stored_documents(api.sandbox).values()).count(sha) == 1
    other = upload(hr, "/dokumente", {**fields, "betreff": "Anderes"}, data, "gross.pdf",
                   **{"Idempotency-Key": "big-1"})
    assert other.status_code == 422 and other.headers["content-type"] == "application/problem+json"
    for answer in (response, again, hr.get(location)):
        assert_no_dms_leak(answer)


def test_jobs_are_private_to_their_client_and_small_uploads_stay_synchronous(api: Running) -> None:
    """Another client gets 404 for a job; an upload under the limit answers 201 at once."""
    data = os.urandom(100_000)
    response = upload(api.client("hr"), "/dokumente", {"klasse": "personalakte", "betreff": "Privat",
                                                       "neue_akte": "Personalakte Privat"}, data)
    assert response.status_code == 202
    location = response.headers["location"]
    wait_for_job(api.client("hr"), location)
    assert api.client("umwelt").get(location).status_code == 404
    assert api.client("hr").get("/jobs/00000000-0000-0000-0000-000000000000").status_code == 404
    small = upload(api.client("hr"), "/dokumente", {"klasse": "personalakte", "betreff": "Klein",
                                                    "neue_akte": "Personalakte Klein"}, b"klein")
    assert small.status_code == 201, small.text


def test_a_job_that_cannot_succeed_fails_and_shows_in_the_journal_metrics(api: Running) -> None:
    """A large upload into an unknown Aktenzeichen dead-letters (state failed, a code); /metrics counts it."""
    hr = api.client("hr")
    response = upload(hr, "/dokumente", {"klasse": "personalakte", "betreff": "Ins Leere",
                                         "aktenzeichen": "11.02-2026-99999"}, os.urandom(100_000))
    assert response.status_code == 202, response.text
    failed = wait_for_job(hr, response.headers["location"])
    assert failed["state"] == "failed" and failed["error"]["code"] and failed["result"] is None, failed
    text = api.client("admin").get("/metrics").text
    assert "egov_journal_up 1.0" in text
    assert 'egov_journal_jobs{state="done"}' in text and "egov_journal_oldest_waiting_seconds" in text
    dead = next(line for line in text.splitlines() if line.startswith("egov_journal_dead_letters "))
    assert float(dead.split()[1]) >= 1
    assert 'egov_worker_jobs_total{outcome="dead_lettered"}' in text
