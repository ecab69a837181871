"""Aktenzeichen: a value object rendered and parsed by a configurable format.

A format is a template with exactly the fields ``{aktenplan}``, ``{jahr}`` and ``{nummer}``, e.g.
``"{aktenplan}-{jahr}-{nummer:05d}"``. ``jahr`` takes no spec or ``04d``; ``nummer`` takes no spec,
``d`` or ``0Nd``; ``aktenplan`` takes none. Consecutive fields need a non-empty separator that
contains no letter or digit, so that parsing is unambiguous: ``parse(render(x)) == x``.
Aktenplan keys are letters, digits, dots and hyphens and start with a letter or digit.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from adapter.domain.errors import InvalidInput

__all__ = ["DEFAULT_FORMAT", "Aktenzeichen", "AktenzeichenFormat", "check_aktenplan_key"]

DEFAULT_FORMAT = "{aktenplan}-{jahr}-{nummer:05d}"
_AKTENPLAN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,63}")
_NUMMER_SPEC = re.compile(r"(0(?P<width>[1-9]))?d")


def check_aktenplan_key(value: str) -> str:
    """Refuse an Aktenplan key that is not letters, digits, dots and hyphens (max. 64)."""
    if not isinstance(value, str) or not _AKTENPLAN.fullmatch(value):
        raise InvalidInput(
            f"Aktenplan key {value!r} is not letters, digits, '.' and '-'", detail={"field": "aktenplan"}
        )
    return value


@dataclass(frozen=True)
class Aktenzeichen:
    """An allocated file number; build it with ``AktenzeichenFormat.render`` or ``.parse``."""

    text: str
    aktenplan: str
    jahr: int
    nummer: int

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class AktenzeichenFormat:
    """The configured Aktenzeichen layout; invalid templates raise ``InvalidInput`` at construction."""

    template: str = DEFAULT_FORMAT
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_regex", re.compile(_compile(self.template)))

    def render(self, aktenplan: str, jahr: int, nummer: int) -> Aktenzeichen:
        """The Aktenzeichen for these parts; refuses invalid keys, years outside 1000..9999, nummer < 1."""
        check_aktenplan_key(aktenplan)
        if isinstance(jahr, bool) or not isinstance(jahr, int) or not 1000 <= jahr <= 9999:
            raise InvalidInput(f"jahr {jahr!r} is not a four-digit year", detail={"field": "jahr"})
        if isinstance(nummer, bool) or not isinstance(nummer, int) or nummer < 1:
            raise InvalidInput(f"nummer {nummer!r} is not a positive number", detail={"field": "nummer"})
        text = self.template.format(aktenplan=aktenplan, jahr=jahr, nummer=nummer)
        return Aktenzeichen(text=text, aktenplan=aktenplan, jahr=jahr, nummer=nummer)

    def parse(self, text: str) -> Aktenzeichen:
        """The parts of ``text``; ``InvalidInput`` when it does not follow this format."""
        match = self._regex.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise InvalidInput(
                f"{text!r} is not an Aktenzeichen of format {self.template!r}",
                detail={"field": "aktenzeichen"},
            )
        parsed = self.render(match["aktenplan"], int(match["jahr"]), int(match["nummer"]))
        if parsed.text != text:  # e.g. a too-short number with leading zeros stripped
            raise InvalidInput(
                f"{text!r} is not in canonical form {parsed.text!r}", detail={"field": "aktenzeichen"}
            )
        return parsed


def _compile(template: str) -> str:
    """The regular expression for ``template``; refuses unknown, repeated or adjacent fields."""
    parts: list[str] = []
    seen: list[str] = []
    previous_was_field = False
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise InvalidInput(f"Aktenzeichen format {template!r}: {exc}") from None
    for literal, name, spec, conversion in parsed:
        if literal:
            if previous_was_field and not any(not ch.isalnum() for ch in literal):
                raise InvalidInput(
                    f"Aktenzeichen format {template!r}: separator {literal!r} needs a "
                    "character that is not a letter or digit"
                )
            parts.append(re.escape(literal))
            previous_was_field = False
        elif previous_was_field and name is not None:
            raise InvalidInput(f"Aktenzeichen format {template!r}: fields need a separator")
        if name is None:
            continue
        if name in seen or conversion:
            raise InvalidInput(f"Aktenzeichen format {template!r}: field {name!r} repeated or converted")
        seen.append(name)
        parts.append(_field_regex(template, name, spec or ""))
        previous_was_field = True
    if sorted(seen) != ["aktenplan", "jahr", "nummer"]:
        raise InvalidInput(f"Aktenzeichen format {template!r}: needs exactly aktenplan, jahr, nummer")
    return "".join(parts)


def _field_regex(template: str, name: str, spec: str) -> str:
    if name == "aktenplan" and not spec:
        return r"(?P<aktenplan>[0-9A-Za-z][0-9A-Za-z.\-]*?)"
    if name == "jahr" and spec in ("", "04d"):
        return r"(?P<jahr>\d{4})"
    match = _NUMMER_SPEC.fullmatch(spec) if name == "nummer" else None
    if name == "nummer" and (match or not spec):
        width = int(match["width"]) if match and match["width"] else 1
        return rf"(?P<nummer>\d{{{width},}})"
    raise InvalidInput(f"Aktenzeichen format {template!r}: field {name!r} with spec {spec!r} not allowed")
