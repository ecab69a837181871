"""The one lxml parser for XTA envelopes: no entities, no DTDs, no network, bounded size."""

from __future__ import annotations

from lxml import etree

from adapter.domain.errors import InvalidInput

__all__ = ["MAX_ENVELOPE_BYTES", "parse_envelope"]

#: Upper bound for a SOAP root part; content travels as XOP attachments, not inline.
MAX_ENVELOPE_BYTES = 64 * 1024 * 1024


def parse_envelope(data: bytes) -> etree._Element:
    """Parse a SOAP envelope safely; InvalidInput if it is not well-formed or too large."""
    if len(data) > MAX_ENVELOPE_BYTES:
        raise InvalidInput("SOAP envelope larger than the limit", detail={"size": len(data)})
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_blank_text=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InvalidInput("SOAP envelope is not well-formed XML", detail={"reason": str(exc)[:200]}) from exc
