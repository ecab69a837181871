"""SOAP plumbing shared by every SOAP peer we speak: MIME ``multipart/related`` (MTOM/XOP) streaming.

``multipart`` is public: the XTA transport and our test peers (``egov_sandbox``) use the same codec,
so a part boundary or header rule is written once.
"""

from __future__ import annotations

__all__: list[str] = []
