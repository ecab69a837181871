"""Checks of one record class beyond its schema: templates, fields, transforms, and each profile."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from adapter.domain.aktenzeichen import AktenzeichenFormat
from adapter.domain.errors import InvalidInput
from adapter.mapping._entries import compatible, entry_kind, field_problems
from adapter.mapping._source import Path, SourceDoc
from adapter.mapping.fields import FIELDS, FOLDER_LEVELS, Level, level_rank
from adapter.mapping.problems import Problem
from adapter.mapping.templates import Template

__all__ = ["check_class", "expand_levels", "segment_levels"]


def expand_levels(data: dict[str, Any], group: str) -> list[Level]:
    """The levels a ``properties`` group applies to (``folders`` = the class's folder levels)."""
    if group == "folders":
        return [level for level in FOLDER_LEVELS if level in data["types"]]
    return [group] if group in data["types"] else []  # type: ignore[list-item]


def segment_levels(path: str) -> list[tuple[Template, Level | None]]:
    """The path's segments with their levels (raises ValueError for an unparsable segment)."""
    segments = []
    for text in path.strip("/").split("/"):
        template = Template.parse(text)
        levels = [FIELDS[f].path_level for f in template.fields if f in FIELDS]
        segments.append((template, max(levels, key=level_rank, default=None)))
    return segments


def check_class(doc: SourceDoc, profiles: Mapping[str, SourceDoc]) -> list[Problem]:
    """Every problem of the class on its own and against every profile."""
    data: dict[str, Any] = doc.data
    problems: list[Problem] = []
    try:
        AktenzeichenFormat(data.get("aktenzeichen_format", "{aktenplan}-{jahr}-{nummer:05d}"))
    except InvalidInput as exc:
        problems.append(doc.problem(("aktenzeichen_format",), exc.message))
    try:
        ZoneInfo(data.get("timezone", "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(doc.problem(("timezone",), f"unknown time zone {data['timezone']!r}"))
    problems += _check_path(doc, data)
    try:
        problems += field_problems(
            doc, ("document_name",), Template.parse(data.get("document_name", "{betreff}")), "dokument"
        )
    except ValueError as exc:
        problems.append(doc.problem(("document_name",), str(exc)))
    if "teilakten" in data and "teilakte" not in data["types"]:
        problems.append(doc.problem(("teilakten",), "teilakten listed but types has no teilakte"))
    principals = [g["principal"] for g in data.get("access", {}).get("grants", [])]
    for index, principal in enumerate(principals):
        if principal in principals[:index]:
            problems.append(
                doc.problem(("access", "grants", index), f"principal {principal!r} granted twice")
            )
    kinds = _check_properties(doc, data, problems)
    for name, profile in sorted(profiles.items()):
        problems += _against_profile(doc, data, kinds, name, profile)
    return problems


def _check_path(doc: SourceDoc, data: dict[str, Any]) -> list[Problem]:
    where: Path = ("path",)
    try:
        segments = segment_levels(data["path"])
    except ValueError as exc:
        return [doc.problem(where, str(exc))]
    problems = []
    for template, _level in segments:
        if not template.text.strip():
            problems.append(doc.problem(where, "path has an empty segment"))
        for name in template.fields:
            spec = FIELDS.get(name)
            if spec is not None and spec.path_level is None:
                problems.append(doc.problem(where, f"field {name!r} cannot name a folder"))
        problems += field_problems(doc, where, template, "dokument")
    ranks = [level_rank(level) for _t, level in segments]
    if ranks != sorted(ranks):
        problems.append(doc.problem(where, "path segments must go from Akte down to Dokument"))
    named = {level for _t, level in segments}
    for level in FOLDER_LEVELS:
        if level in data["types"] and level not in named:
            problems.append(
                doc.problem(("types", level), f"types.{level} set but the path has no {level} segment")
            )
        if level in named and level not in data["types"]:
            problems.append(doc.problem(where, f"path names a {level} folder but types has no {level}"))
    last_of_level = {level: i for i, (_t, level) in enumerate(segments)}
    containers = [
        i
        for i, (_t, level) in enumerate(segments)
        if level in (None, "dokument") or last_of_level[level] != i
    ]
    if containers and "container" not in data["types"]:
        problems.append(doc.problem(("types",), "the path has container folders but types has no container"))
    return problems


def _check_properties(
    doc: SourceDoc, data: dict[str, Any], problems: list[Problem]
) -> dict[tuple[Level, str], tuple[Path, str]]:
    """Check every entry; return (level, property key) -> (path, output kind) of the usable ones."""
    kinds: dict[tuple[Level, str], tuple[Path, str]] = {}
    for group, entries in data["properties"].items():
        levels = expand_levels(data, group)
        if not levels:
            problems.append(
                doc.problem(("properties", group), f"properties.{group}: the class has no such level")
            )
        for index, entry in enumerate(entries):
            path: Path = ("properties", group, index)
            for level in levels:
                kind, found = entry_kind(doc, path, entry, level)
                problems += [p for p in found if p not in problems]
                earlier = kinds.get((level, entry["property"]))
                if earlier is not None:
                    problems.append(
                        doc.problem(
                            path,
                            f"property {entry['property']!r} mapped twice at "
                            f"{level} (also line {doc.line(earlier[0])})",
                        )
                    )
                elif kind is not None:
                    kinds[(level, entry["property"])] = (path, kind)
    return kinds


def _against_profile(
    doc: SourceDoc,
    data: dict[str, Any],
    kinds: dict[tuple[Level, str], tuple[Path, str]],
    name: str,
    profile: SourceDoc,
) -> list[Problem]:
    problems = []
    ptypes, pprops, identity = profile.data["types"], profile.data["properties"], profile.data["identity"]
    where = f"profile {name!r} ({profile.file})"
    for level, type_key in data["types"].items():
        wanted = "document" if level == "dokument" else "folder"
        if type_key not in ptypes:
            problems.append(doc.problem(("types", level), f"type key {type_key!r} is not defined by {where}"))
        elif ptypes[type_key]["base"] != wanted:
            problems.append(
                doc.problem(("types", level), f"type key {type_key!r} is not a {wanted} type in {where}")
            )
    secondary = ptypes.get(identity.get("secondary_type") or "", {}).get("properties", [])
    ours = {identity["uuid_property"], identity["idempotency_property"]}
    unmapped = set(profile.data.get("unmapped", []))
    for (level, prop), (path, kind) in sorted(kinds.items()):
        typedef = ptypes.get(data["types"].get(level, ""), {})
        if prop in unmapped:
            continue  # the profile says this DMS keeps no such property: the value is not stored
        if prop not in pprops:
            problems.append(
                doc.problem((*path, "property"), f"property key {prop!r} is not defined by {where}")
            )
        elif prop in ours:
            problems.append(
                doc.problem((*path, "property"), f"property {prop!r} holds the adapter's own keys")
            )
        elif typedef and prop not in typedef.get("properties", []) and prop not in secondary:
            problems.append(
                doc.problem(
                    (*path, "property"),
                    f"property {prop!r} is not on type {typedef['id']!r} ({level}) in {where}",
                )
            )
        elif not compatible(kind, pprops[prop]["type"], bool(pprops[prop].get("multi"))):
            multi = " multi" if pprops[prop].get("multi") else ""
            problems.append(
                doc.problem(
                    (*path, "property"),
                    f"a {kind} value cannot go into {prop!r} ({pprops[prop]['type']}{multi}) in {where}",
                )
            )
    return problems
