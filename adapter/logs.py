"""Structured logging: structlog events, JSON in production, readable in a terminal.

A redaction processor runs last before rendering: values under sensitive keys (credentials,
tokens, personal data, document content) are replaced, and bytes are never rendered. Code logs
ids and counts, never content; the processor is the safety net, not the policy.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

__all__ = ["REDACTED", "configure_logging", "redact"]

REDACTED = "[redacted]"

# Substrings of event keys whose values are never logged.
_SENSITIVE_KEY_PARTS = (
    "password", "passwd", "secret", "token", "authorization", "cookie", "credential", "api_key",
    "apikey", "private_key", "content", "body", "payload", "bytes",
    # personal data carried by records
    "personalnummer", "vorname", "nachname", "familienname", "geburts", "anschrift", "email",
    "betreff", "person",
)


# A key whose last word names a measure carries a number about the thing, not the thing:
# ``bytes_in``, ``content_length``, ``body_size``, ``token_count`` stay visible.
_MEASURE_WORDS = frozenset({"in", "out", "count", "length", "len", "size", "total", "ms", "seconds", "sent",
                            "received", "read", "written"})


def _is_sensitive(key: str) -> bool:
    lowered = key.lower()
    words = re.split(r"[_\-.]", lowered)
    if len(words) > 1 and words[-1] in _MEASURE_WORDS:
        return False
    return any(part in lowered for part in _SENSITIVE_KEY_PARTS)


def _scrub(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(value)} bytes>"
    if isinstance(value, dict):
        return {k: (REDACTED if isinstance(k, str) and _is_sensitive(k) else _scrub(v))
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    return value


def redact(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: replace sensitive values, never render bytes."""
    for key in list(event_dict):
        if key == "event":
            continue
        event_dict[key] = REDACTED if _is_sensitive(key) else _scrub(event_dict[key])
    return event_dict


class _CurrentStderr:
    """Writes to whatever ``sys.stderr`` is at the time of the write (not at configuration time), so a
    stream swapped in for a while (a test runner's, a progress bar's) is never written to once closed."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(fmt: str = "auto", level: str = "info") -> None:
    """Configure structlog once, at start (called by bootstrap, never at import time)."""
    use_json = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    renderer: Any = structlog.processors.JSONRenderer() if use_json else structlog.dev.ConsoleRenderer(
        colors=False)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            redact,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=_CurrentStderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=False,
    )
