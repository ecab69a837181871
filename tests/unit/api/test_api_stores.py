"""The Idempotency-Key header, rate limiter, API settings and the Range parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapter.api.idempotency import parse_key
from adapter.api.problems import ApiProblem
from adapter.api.ratelimit import RateLimiter
from adapter.api.routes.dokumente import _span
from adapter.api.settings import api_settings
from adapter.domain.errors import ConfigurationError


def test_key_header_parsing() -> None:
    """sf-string and bare keys are accepted; control characters and empty keys are not."""
    assert parse_key('"abc-1"') == "abc-1" and parse_key("abc") == "abc" and parse_key(None) is None
    for bad in ("", "a b", "\x01", "k" * 129):
        with pytest.raises(ApiProblem):
            parse_key(bad)
    assert parse_key("k" * 128) == "k" * 128  # scoped as api:<client>:<key>, it fits the DMS property


def test_rate_limiter_refills_over_time() -> None:
    """A burst passes, the next request waits, and tokens come back at the configured rate."""
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert limiter.take("a") == 0 and limiter.take("a") == 0
    assert limiter.take("a") == pytest.approx(1.0)
    assert limiter.take("b") == 0
    now[0] = 1.0
    assert limiter.take("a") == 0


def test_api_settings_from_environment(tmp_path: Path) -> None:
    """EGOV_API_* are read and validated by the one settings module; paths default into the data folder."""
    from adapter.config import load_settings

    s = api_settings(load_settings({"EGOV_API_MAX_UPLOAD_BYTES": "1000", "EGOV_API_CORS_ORIGINS": "https://a, https://b",
                                    "EGOV_DATA_DIR": str(tmp_path)}))
    assert s.max_upload_bytes == 1000 and s.cors_origins == ("https://a", "https://b")
    assert s.clients_file == tmp_path / "api-clients.json"
    with pytest.raises(ConfigurationError) as bad:
        load_settings({"EGOV_API_MAX_UPLOAD_BYTES": "-1", "EGOV_API_TYPO": "1"})
    assert "EGOV_API_MAX_UPLOAD_BYTES" in bad.value.message and "EGOV_API_TYPO" in bad.value.message


@pytest.mark.parametrize(("header", "span"), [
    (None, None), ("bytes=0-9", (0, 9)), ("bytes=5-", (5, 99)), ("bytes=-10", (90, 99)), ("bytes=90-500", (90, 99)),
    ("bytes=100-", (-1, -1)), ("bytes=9-3", (-1, -1)), ("bytes=0-1,5-6", None), ("items=0-1", None),
])
def test_range_header(header: str | None, span: tuple[int, int] | None) -> None:
    """Single byte ranges of a 100-byte content; multiple or foreign ranges send everything."""
    assert _span(header, 100) == span
