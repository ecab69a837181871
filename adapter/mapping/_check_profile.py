"""Checks of one vendor profile beyond its schema: references between its own tables."""

from __future__ import annotations

from typing import Any

from adapter.mapping._source import SourceDoc
from adapter.mapping.problems import Problem

__all__ = ["check_profile"]

#: Characters sanitised names use for the collision hash; a profile may not forbid them.
HASH_CHARS = "~0123456789abcdef"
_FALLBACKS = {"like": {"client-filter"}, "in": {"or", "split"}, "or": {"split"}}


def check_profile(doc: SourceDoc) -> list[Problem]:
    """Undefined property keys, identity placement, name and query rules, duplicate ids."""
    data: dict[str, Any] = doc.data
    problems: list[Problem] = []
    props, types = data["properties"], data["types"]
    for key, typedef in types.items():
        for index, prop in enumerate(typedef.get("properties", [])):
            if prop not in props:
                problems.append(
                    doc.problem(
                        ("types", key, "properties", index),
                        f"type {key!r} lists undefined property key {prop!r}",
                    )
                )
    for index, key in enumerate(data.get("unmapped", [])):
        if key in (data["identity"]["uuid_property"], data["identity"]["idempotency_property"]):
            problems.append(doc.problem(("unmapped", index), f"identity key {key!r} cannot be unmapped"))
        elif key in props:
            problems.append(doc.problem(("unmapped", index), f"unmapped key {key!r} is also defined in properties"))
    problems += _duplicate_ids(doc, "types", types)
    problems += _duplicate_ids(doc, "properties", props)
    problems += _check_identity(doc, data["identity"], props, types)
    names = data["names"]
    replacement = names["replacement"]
    if (
        replacement in names["forbidden_chars"] + "/"
        or ord(replacement) < 0x20
        or (names["forbid_trailing_dot_or_space"] and replacement in ". ")
    ):
        problems.append(
            doc.problem(
                ("names", "replacement"), f"replacement {replacement!r} is itself not allowed in names"
            )
        )
    if any(ch in names["forbidden_chars"] for ch in HASH_CHARS):
        problems.append(
            doc.problem(
                ("names", "forbidden_chars"),
                "forbidden_chars may not contain '~', digits or a-f (used for the "
                "collision hash of sanitised names)",
            )
        )
    for op, capability in data["query"].items():
        fallback = capability.get("fallback")
        path = ("query", op)
        if not capability["supported"] and fallback is None:
            problems.append(doc.problem(path, f"query.{op}: unsupported needs a fallback"))
        elif fallback is not None and fallback not in _FALLBACKS[op]:
            problems.append(
                doc.problem(
                    (*path, "fallback"),
                    f"query.{op}: fallback {fallback!r} not "
                    f"possible (use {' or '.join(sorted(_FALLBACKS[op]))})",
                )
            )
        elif fallback == "or" and not data["query"]["or"]["supported"]:
            problems.append(doc.problem((*path, "fallback"), "query.in: fallback 'or' but OR is unsupported"))
    return problems


def _duplicate_ids(doc: SourceDoc, table: str, entries: dict[str, Any]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for key, entry in entries.items():
        if entry["id"] in seen:
            problems.append(
                doc.problem(
                    (table, key, "id"),
                    f"{table}: id {entry['id']!r} of {key!r} duplicates {seen[entry['id']]!r}",
                )
            )
        seen.setdefault(entry["id"], key)
    return problems


def _check_identity(
    doc: SourceDoc, identity: dict[str, Any], props: dict[str, Any], types: dict[str, Any]
) -> list[Problem]:
    problems = []
    wanted = [identity["uuid_property"], identity["idempotency_property"]]
    for name, key in zip(("uuid_property", "idempotency_property"), wanted, strict=True):
        if key not in props:
            problems.append(
                doc.problem(("identity", name), f"identity.{name}: undefined property key {key!r}")
            )
        elif props[key]["type"] != "string" or props[key].get("multi"):
            problems.append(
                doc.problem(("identity", name), f"identity.{name}: {key!r} must be a single string")
            )
    secondary = identity.get("secondary_type")
    if secondary is not None:
        typedef = types.get(secondary)
        if typedef is None or typedef["base"] != "secondary":
            problems.append(
                doc.problem(
                    ("identity", "secondary_type"),
                    f"identity.secondary_type: {secondary!r} is not a secondary type key",
                )
            )
        else:
            missing = [k for k in wanted if k not in typedef.get("properties", [])]
            if missing:
                problems.append(
                    doc.problem(
                        ("identity", "secondary_type"),
                        f"secondary type {secondary!r} lacks {', '.join(missing)}",
                    )
                )
    else:
        for key, typedef in types.items():
            missing = [k for k in wanted if k not in typedef.get("properties", [])]
            if typedef["base"] != "secondary" and typedef.get("properties") and missing:
                problems.append(
                    doc.problem(
                        ("types", key),
                        f"type {key!r} lacks identity properties "
                        f"{', '.join(missing)} (and no secondary_type is set)",
                    )
                )
    return problems
