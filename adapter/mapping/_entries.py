"""Semantics of one property-mapping entry: its source, transform options and output kind."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from adapter.mapping._source import Path, SourceDoc
from adapter.mapping.fields import FIELDS, Kind, Level
from adapter.mapping.problems import Problem
from adapter.mapping.templates import Template

__all__ = ["TRANSFORMS", "compatible", "entry_kind", "field_problems"]

#: transform -> (needs a field, options it takes)
TRANSFORMS: dict[str, tuple[bool, frozenset[str]]] = {
    "identity": (True, frozenset()),
    "date": (True, frozenset({"format"})),
    "datetime": (True, frozenset({"format"})),
    "codelist": (True, frozenset({"values"})),
    "join": (True, frozenset({"separator"})),
    "template": (False, frozenset({"template"})),
    "constant": (False, frozenset({"value"})),
}
_OPTIONS = frozenset({"format", "values", "template", "separator", "value"})
_SAMPLES: dict[Kind, object] = {
    "string": "x",
    "strings": "x",
    "code": "001",
    "integer": 1,
    "boolean": True,
    "date": date(2000, 1, 2),
    "datetime": datetime(2000, 1, 2, 3, 4, 5),
}
_ACCEPTS: dict[tuple[str, bool], frozenset[str]] = {
    ("string", False): frozenset({"string", "code"}),
    ("string", True): frozenset({"string", "strings", "code"}),
    ("integer", False): frozenset({"integer"}),
    ("boolean", False): frozenset({"boolean"}),
    ("datetime", False): frozenset({"datetime", "date"}),
}


def compatible(kind: str, prop_type: str, multi: bool) -> bool:
    """Whether a value of ``kind`` can go into a property of that type and cardinality."""
    return kind in _ACCEPTS.get((prop_type, multi), frozenset())


def field_problems(doc: SourceDoc, path: Path, template: Template, level: Level) -> list[Problem]:
    """Unknown fields, fields not available at ``level`` and format specs their values refuse."""
    problems = []
    for placeholder in (p for p in template.parts if not isinstance(p, str)):
        spec = FIELDS.get(placeholder.field)
        if spec is None:
            problems.append(doc.problem(path, f"unknown canonical field {placeholder.field!r}"))
        elif level not in spec.levels:
            problems.append(doc.problem(path, f"field {placeholder.field!r} is not available at {level}"))
        elif placeholder.spec:
            try:
                format(_SAMPLES[spec.kind], placeholder.spec)
            except (ValueError, TypeError):
                problems.append(
                    doc.problem(
                        path,
                        f"format {placeholder.spec!r} does not fit field {placeholder.field!r} ({spec.kind})",
                    )
                )
    return problems


def entry_kind(
    doc: SourceDoc, path: Path, entry: dict[str, Any], level: Level
) -> tuple[str | None, list[Problem]]:
    """The kind of value the entry produces (None if unusable) and the problems found."""
    transform = entry.get("transform", "identity")
    if transform not in TRANSFORMS:
        known = ", ".join(sorted(TRANSFORMS))
        return None, [doc.problem((*path, "transform"), f"unknown transform {transform!r} (known: {known})")]
    needs_field, options = TRANSFORMS[transform]
    problems = [
        doc.problem((*path, key), f"option {key!r} has no meaning for transform {transform!r}")
        for key in sorted(_OPTIONS & entry.keys() - options)
    ]
    field = entry.get("field")
    if needs_field and field is None:
        problems.append(doc.problem(path, f"transform {transform!r} needs a field"))
    if not needs_field and field is not None:
        problems.append(doc.problem((*path, "field"), f"transform {transform!r} takes no field"))
    for option in options - {"separator", "format"}:
        if option not in entry:
            problems.append(doc.problem(path, f"transform {transform!r} needs {option!r}"))
    if problems:
        return None, problems
    if transform == "constant":
        value = entry["value"]
        return (
            "boolean" if isinstance(value, bool) else "integer" if isinstance(value, int) else "string"
        ), []
    if transform == "template":
        try:
            template = Template.parse(entry["template"])
        except ValueError as exc:
            return None, [doc.problem((*path, "template"), str(exc))]
        return "string", field_problems(doc, (*path, "template"), template, level)
    spec = FIELDS.get(field or "")
    if spec is None:
        return None, [doc.problem((*path, "field"), f"unknown canonical field {field!r}")]
    if level not in spec.levels:
        return None, [doc.problem((*path, "field"), f"field {field!r} is not available at {level}")]
    return _transformed(doc, path, entry, transform, spec.kind, spec.codelist)


def _transformed(
    doc: SourceDoc, path: Path, entry: dict[str, Any], transform: str, kind: Kind, codelist: Any
) -> tuple[str | None, list[Problem]]:
    field = entry["field"]
    if transform == "identity":
        return kind, []
    if transform in ("date", "datetime"):
        if kind not in ("date", "datetime"):
            return None, [
                doc.problem((*path, "transform"), f"{transform} needs a date field, {field!r} is {kind}")
            ]
        return ("string" if "format" in entry or transform == "date" else "datetime"), []
    if transform == "join":
        if kind != "strings":
            return None, [
                doc.problem((*path, "transform"), f"join needs a multi-valued field, {field!r} is {kind}")
            ]
        return "string", []
    # codelist
    if kind not in ("code", "string"):
        return None, [doc.problem((*path, "transform"), f"codelist needs a code field, {field!r} is {kind}")]
    if codelist is None:
        return "string", []
    codes = {member.value for member in codelist}
    keys = set(entry["values"])
    problems = []
    if keys - codes:
        problems.append(
            doc.problem(
                (*path, "values"),
                f"codes {', '.join(sorted(keys - codes))} are not in code list {codelist.__name__}",
            )
        )
    if codes - keys:
        problems.append(
            doc.problem(
                (*path, "values"),
                f"codes {', '.join(sorted(codes - keys))} of {codelist.__name__} have no DMS value",
            )
        )
    return "string", problems
