"""Errors of the XÖV layer; all are ``DocumentRefused`` (the message or container is refused).

    DocumentRefused (adapter.domain.errors; ``XoevRefused`` here)   carries ``source`` and ``problems``
    ├── XmlRefused         not well-formed, DOCTYPE/entities/XInclude, or a size/depth/count limit
    │                      (raised by the one safe-XML module, ``adapter.safexml``)
    ├── SchemaInvalid      well-formed but not valid against the official XSD (or unknown message)
    └── ContainerRefused   ZIP refused: bomb, slip, duplicates, symlinks, missing/extra documents
        └── MemberChanged  a member read again for filing differs from what opening verified

``problems`` is a list of ``(line, message)``; ``line`` is ``None`` when no line applies.
"""

from __future__ import annotations

from adapter.domain.errors import DocumentRefused, Problem
from adapter.safexml import XmlRefused

__all__ = ["ContainerRefused", "MemberChanged", "Problem", "SchemaInvalid", "XmlRefused", "XoevRefused"]

#: Every refusal of XÖV input (XML, schema, container): the domain's ``DocumentRefused``.
XoevRefused = DocumentRefused


class SchemaInvalid(DocumentRefused):
    code = "schema-invalid"


class ContainerRefused(DocumentRefused):
    code = "container-refused"


class MemberChanged(ContainerRefused):
    """The ZIP changed on disk after it was opened: a member no longer has the size or SHA-256 it had."""

    code = "container-changed"
