"""Errors of the XÖV layer; all are ``InvalidInput`` (the message or container is refused).

    InvalidInput
    └── XoevRefused            base: carries ``source`` (file or ``zip!member``) and ``problems``
        ├── XmlRefused         not well-formed, DOCTYPE/entities/XInclude, or a size/depth/count limit
        ├── SchemaInvalid      well-formed but not valid against the official XSD (or unknown message)
        └── ContainerRefused   ZIP refused: bomb, slip, duplicates, symlinks, missing/extra documents

``problems`` is a list of ``(line, message)``; ``line`` is ``None`` when no line applies.
"""

from __future__ import annotations

from collections.abc import Sequence

from adapter.domain.errors import InvalidInput

__all__ = ["ContainerRefused", "Problem", "SchemaInvalid", "XmlRefused", "XoevRefused"]

#: One finding: the 1-based line (or ``None``) and a human-readable message.
Problem = tuple[int | None, str]


class XoevRefused(InvalidInput):
    """Base of every refusal of XÖV input."""

    code = "xoev-refused"

    def __init__(self, message: str, *, problems: Sequence[Problem] = (), source: str | None = None) -> None:
        super().__init__(message, detail={"source": source} if source else None)
        self.problems: list[Problem] = list(problems) or [(None, message)]
        self.source = source

    def with_source(self, source: str) -> XoevRefused:
        """The same refusal, attributed to ``source`` (a file name or ``container!member``)."""
        return type(self)(self.message, problems=self.problems, source=source)


class XmlRefused(XoevRefused):
    code = "xml-refused"


class SchemaInvalid(XoevRefused):
    code = "schema-invalid"


class ContainerRefused(XoevRefused):
    code = "container-refused"
