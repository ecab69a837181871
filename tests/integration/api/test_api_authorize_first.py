"""Authorization before the body: a client without a scope for the operation gets 403 whatever it sends."""

from __future__ import annotations

import pytest
from api_helpers import Running

ATTEMPTS = [
    ("post", "/akten", {"content": b"{not json", "headers": {"Content-Type": "application/json"}}),
    ("post", "/akten", {"json": {"unknown": 1}}),
    ("post", "/dokumente", {"content": b"x", "headers": {"Content-Type": "text/plain"}}),
    ("post", "/posteingang", {"content": b"--b\r\nbroken", "headers": {"Content-Type": "multipart/form-data"}}),
    ("patch", "/dokumente/00000000-0000-4000-8000-000000000001", {"content": b"[", "headers": {
        "Content-Type": "application/json"}}),
    ("post", "/xdomea", {"content": b"PK", "headers": {"Content-Type": "application/zip"}}),
    ("put", "/akten/00000000-0000-4000-8000-000000000001/loeschsperre", {"content": b"{", "headers": {
        "Content-Type": "application/json"}}),
    ("post", "/aussonderung/anbietungen", {"json": {"unknown": 1}}),
    ("post", "/aussonderung/abgaben", {"content": b"[", "headers": {"Content-Type": "application/json"}}),
]


@pytest.mark.parametrize(("method", "path", "send"), ATTEMPTS, ids=[f"{m} {p}" for m, p, _ in ATTEMPTS])
def test_a_client_without_the_operation_is_refused_before_its_body_is_read(
        api: Running, method: str, path: str, send: dict[str, object]) -> None:
    """The portal may only read: malformed or wrong bodies are 403 for it, never 400/415/422."""
    answer = getattr(api.client("portal"), method)(path, **send)
    assert answer.status_code == 403, answer.text
    assert answer.json()["type"].endswith(":forbidden")


def test_a_client_with_the_operation_still_gets_the_body_refused(api: Running) -> None:
    """For a client that may file, a malformed body is the usual 400 (the order of checks, not their kind)."""
    answer = api.client("umwelt").post("/akten", content=b"{not json", headers={"Content-Type": "application/json"})
    assert answer.status_code in (400, 422) and answer.json()["type"].endswith(":invalid-request")


def test_without_credentials_the_answer_is_401_whatever_the_body(api: Running) -> None:
    """No token: 401 with the challenge, before the body."""
    answer = api.client(None).post("/akten", content=b"{", headers={"Content-Type": "application/json"})
    assert answer.status_code == 401 and "Bearer" in answer.headers["www-authenticate"]
