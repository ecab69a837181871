"""The one error of the SOAP plumbing: a message that cannot be read safely (malformed, over a limit).

``MessageRefused`` is an ``InvalidInput`` of the domain tree, so adapter code treats it as refused
input; peers that may not import the domain (``egov_sandbox``) catch it by this name.
"""

from __future__ import annotations

from adapter.domain.errors import InvalidInput

__all__ = ["MessageRefused"]


class MessageRefused(InvalidInput):
    code = "soap-message-refused"
