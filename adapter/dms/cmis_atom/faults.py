"""The exception name and message in an AtomPub error body (§3.2.4.1).

The specification only asks for "sufficient information"; OpenCMIS servers (and the sandbox) put
the name between ``<!--exception-->`` markers (inside an HTML or text page), and the sandbox also
writes ``exception: name`` / ``message: text`` lines. Markers win, lines are the fallback; with
neither, the status table of ``adapter.dms.errors`` decides. Only the first 64 KiB are read.
"""

from __future__ import annotations

import html
import re
from itertools import islice

import requests

__all__ = ["error_body", "parse_error_text"]

_LIMIT_CHUNKS, _CHUNK = 8, 8192
_NAME = r"([A-Za-z][A-Za-z0-9]*)"
_MARKED_NAME = re.compile(rf"<!--exception-->\s*{_NAME}\s*<!--/exception-->")
_MARKED_MESSAGE = re.compile(r"<!--message-->(.*?)<!--/message-->", re.S)
_LINE_NAME = re.compile(rf"^exception:[ \t]*{_NAME}[ \t]*$", re.M)
_LINE_MESSAGE = re.compile(r"^message:[ \t]*(.*?)[ \t]*$", re.M)


def parse_error_text(text: str) -> tuple[str | None, str | None]:
    """(exception name, message) from an error body's text; ``None`` for what it does not say."""
    name = _MARKED_NAME.search(text) or _LINE_NAME.search(text)
    message = _MARKED_MESSAGE.search(text) or _LINE_MESSAGE.search(text)
    text_message = " ".join(html.unescape(message.group(1)).split())[:500] if message else None
    return (name.group(1) if name else None), (text_message or None)


def error_body(response: requests.Response) -> tuple[str | None, str | None]:
    """Reads at most 64 KiB of an error response (works for streamed and buffered responses)."""
    try:
        head = b"".join(islice(response.iter_content(_CHUNK), _LIMIT_CHUNKS))
    except requests.RequestException:
        return None, None
    return parse_error_text(head.decode(response.encoding or "utf-8", errors="replace"))
