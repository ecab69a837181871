"""Errors of the XÖV layer; all are ``DocumentRefused`` (the message or container is refused).

    DocumentRefused (adapter.domain.errors; ``XoevRefused`` here)   carries ``source`` and ``problems``
    ├── XmlRefused         not well-formed, DOCTYPE/entities/XInclude, or a size/depth/count limit
    │                      (raised by the one safe-XML module, ``adapter.safexml``)
    ├── SchemaInvalid      well-formed but not valid against the official XSD (or unknown message)
    └── ContainerRefused   ZIP refused: bomb, slip, duplicates, symlinks, missing/extra documents

``problems`` is a list of ``(line, message)``; ``line`` is ``None`` when no line applies.
"""

from __future__ import annotations

from adapter.domain.errors import DocumentRefused, Problem
from adapter.safexml import XmlRefused

__all__ = ["ContainerRefused", "Problem", "SchemaInvalid", "XmlRefused", "XoevRefused"]

#: Every refusal of XÖV input (XML, schema, container): the domain's ``DocumentRefused``.
XoevRefused = DocumentRefused


class SchemaInvalid(DocumentRefused):
    code = "schema-invalid"


class ContainerRefused(DocumentRefused):
    code = "container-refused"
