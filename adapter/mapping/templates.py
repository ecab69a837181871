"""Name templates like ``"{aktenzeichen} {akte.betreff}"`` or ``"{eingangsdatum:%Y}"``.

Placeholders name canonical fields (dots are part of the name, never attribute access) with an
optional format spec applied by ``format(value, spec)``; datetimes are first converted to the
class's time zone. Conversions (``!r``) and nested fields are refused.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import Enum

from adapter.domain.errors import InvalidInput

__all__ = ["Placeholder", "Template"]


@dataclass(frozen=True)
class Placeholder:
    field: str
    spec: str = ""


@dataclass(frozen=True)
class Template:
    """A parsed template; ``parse`` raises ``ValueError`` with a readable message."""

    text: str
    parts: tuple[str | Placeholder, ...]

    @classmethod
    def parse(cls, text: str) -> Template:
        parts: list[str | Placeholder] = []
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as exc:
            raise ValueError(f"template {text!r}: {exc}") from None
        for literal, name, spec, conversion in parsed:
            if literal:
                parts.append(literal)
            if name is None:
                continue
            if not name or conversion or (spec and "{" in spec):
                raise ValueError(
                    f"template {text!r}: placeholder {{{name}}} must name a field, "
                    "without conversion or nested fields"
                )
            parts.append(Placeholder(name, spec or ""))
        return cls(text, tuple(parts))

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(p.field for p in self.parts if isinstance(p, Placeholder))

    def render(self, values: Mapping[str, object], zone: tzinfo) -> str:
        """The text with every placeholder filled; ``InvalidInput`` if a value is missing or unformattable."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = values.get(part.field)
            if value is None or value == ():
                raise InvalidInput(
                    f"template {self.text!r} needs {part.field!r}, which is empty",
                    detail={"field": part.field},
                )
            if isinstance(value, datetime):
                value = value.astimezone(zone)
            elif isinstance(value, Enum):
                value = value.value
            elif isinstance(value, tuple):
                value = ", ".join(map(str, value))
            try:
                out.append(format(value, part.spec))
            except (ValueError, TypeError) as exc:
                raise InvalidInput(
                    f"template {self.text!r}: cannot format {part.field!r}: {exc}",
                    detail={"field": part.field},
                ) from None
        return "".join(out)
