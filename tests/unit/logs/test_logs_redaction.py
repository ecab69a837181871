"""The log redaction: sizes and counts stay visible, credentials, personal data and content do not."""

from __future__ import annotations

from adapter.logs import REDACTED, redact


def _redacted(**event: object) -> dict[str, object]:
    return dict(redact(None, "info", {"event": "x", **event}))


def test_sizes_and_counts_stay_visible() -> None:
    """Measures of a request or document (bytes_in, content_length, body_size, ...) are logged as they are."""
    shown = _redacted(bytes_in=1024, bytes_out=2048, content_length=7, body_size=3, payload_count=2,
                      duration_ms=1.5, size=42, status=200)
    assert shown == {"event": "x", "bytes_in": 1024, "bytes_out": 2048, "content_length": 7, "body_size": 3,
                     "payload_count": 2, "duration_ms": 1.5, "size": 42, "status": 200}


def test_credentials_personal_data_and_content_are_redacted() -> None:
    """Passwords, tokens, authorization, content, bodies and personal fields never reach the log."""
    secret = _redacted(password="pw", dms_password="pw", token="t", api_token="t", authorization="Bearer t",
                       content=b"PDF", body="{...}", payload="<xml/>", betreff="Kündigung Müller",
                       nachname="Müller", personalnummer="4711", email="a@b.de", bytes=b"x")
    assert all(value == REDACTED for key, value in secret.items() if key != "event")


def test_nested_values_are_scrubbed_and_bytes_never_rendered() -> None:
    """Inside dicts the same keys are redacted; raw bytes become their length."""
    shown = _redacted(request={"password": "pw", "bytes_in": 5}, chunk=b"abc")
    assert shown["request"] == {"password": REDACTED, "bytes_in": 5}
    assert shown["chunk"] == "<3 bytes>"
