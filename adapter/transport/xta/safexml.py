"""XTA envelopes through the one safe-XML module (``adapter.safexml``): its limits for SOAP root parts."""

from __future__ import annotations

from lxml import etree

from adapter.domain.errors import InvalidInput
from adapter.safexml import XmlLimits, XmlRefused, parse_bytes

__all__ = ["MAX_ENVELOPE_BYTES", "parse_envelope"]

#: Upper bound for a SOAP root part; content travels as XOP attachments, not inline.
MAX_ENVELOPE_BYTES = 64 * 1024 * 1024
_LIMITS = XmlLimits(max_bytes=MAX_ENVELOPE_BYTES)


def parse_envelope(data: bytes) -> etree._Element:
    """Parse a SOAP envelope safely; InvalidInput if it is not well-formed, unsafe or too large."""
    if len(data) > MAX_ENVELOPE_BYTES:
        raise InvalidInput("SOAP envelope larger than the limit", detail={"size": len(data)})
    try:
        return parse_bytes(data, limits=_LIMITS).getroot()
    except XmlRefused as exc:
        raise InvalidInput("SOAP envelope is not well-formed XML",
                           detail={"reason": exc.problems[0][1][:200]}) from exc
