"""The Browser transport's lean path names urllib3's errors as requests would have (no socket is opened)."""

from __future__ import annotations

from http.client import RemoteDisconnected

import pytest
from urllib3 import exceptions as u3

from adapter.dms._transport import request_failed
from adapter.dms.cmis_browser.transport import _as_requests
from adapter.domain.errors import OutcomeUnknown, TransientDmsError

NEVER_SENT = [
    u3.NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused"),  # type: ignore[arg-type]
    u3.NameResolutionError("dms.example", None, OSError("[Errno -2] Name or service not known")),  # type: ignore[arg-type]
    u3.ConnectTimeoutError(None, "connect timed out"),
    u3.SSLError("certificate verify failed: unable to get local issuer certificate"),
]
MAYBE_SENT = [
    u3.ReadTimeoutError(None, "/cmis/browser", "Read timed out."),  # type: ignore[arg-type]
    u3.ProtocolError("Connection aborted.", RemoteDisconnected("Remote end closed connection without response")),
    u3.ProtocolError("Connection broken: IncompleteRead(10 bytes read, 90 more expected)"),
]


@pytest.mark.parametrize("error", NEVER_SENT, ids=lambda e: type(e).__name__)
def test_a_request_that_never_reached_the_dms_is_transient(error: Exception) -> None:
    """Refused, unresolvable, connect timeout, TLS failure: TransientDmsError, safe to repeat."""
    translated = request_failed(_as_requests(error), "createDocument")
    assert isinstance(translated, TransientDmsError) and not isinstance(translated, OutcomeUnknown)


@pytest.mark.parametrize("error", MAYBE_SENT, ids=lambda e: type(e).__name__)
def test_a_request_that_may_have_been_processed_is_outcome_unknown(error: Exception) -> None:
    """A read timeout or a connection lost after sending: OutcomeUnknown (settled by reading, not repeated blindly)."""
    assert isinstance(request_failed(_as_requests(error), "createDocument"), OutcomeUnknown)
