"""``load_mappings(dir)``: read, validate and cross-check every mapping file, then freeze them.

Layout: ``DIR/profiles/*.yaml`` (vendor profiles, schema ``vendor-profile``) and
``DIR/classes/*.yaml`` (record classes, schema ``record-class``). All problems of all files are
collected first; if there is any, ``MappingProblems`` lists them (``file:line: message``) and
nothing is loaded. Only the mapping and schema files are read; nothing else does I/O here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

import structlog
from jsonschema import Draft202012Validator

from adapter.domain.errors import ConfigurationError
from adapter.mapping._build import build_class, build_profile
from adapter.mapping._check_class import check_class
from adapter.mapping._check_profile import check_profile
from adapter.mapping._schema import default_schema_dir, load_validator, schema_problems
from adapter.mapping._source import SourceDoc, read_source
from adapter.mapping.model import MappingSet
from adapter.mapping.problems import MappingProblems, Problem

__all__ = ["load_mappings"]

_MAX_FILE_BYTES = 1_000_000
log = structlog.get_logger(__name__)


def load_mappings(directory: Path, *, schema_dir: Path | None = None) -> MappingSet:
    """The validated mapping set of ``directory``; ``MappingProblems`` with every problem otherwise."""
    if not directory.is_dir():
        raise ConfigurationError(
            f"mapping directory {directory} does not exist", detail={"mappings_dir": str(directory)}
        )
    schemas = schema_dir or default_schema_dir(directory)
    problems: list[Problem] = []
    profiles, bad_profiles = _read_all(
        directory / "profiles", load_validator(schemas, "vendor-profile"), "profile", problems
    )
    classes, bad_classes = _read_all(
        directory / "classes", load_validator(schemas, "record-class"), "class", problems
    )
    if not profiles and not bad_profiles:
        problems.append(Problem(str(directory / "profiles"), 0, "no vendor profile (*.yaml) found"))
    for doc in profiles.values():
        problems += check_profile(doc)
    for doc in bad_profiles:
        problems += _best_effort(lambda d: check_profile(d), doc)
    for doc in classes.values():
        problems += check_class(doc, profiles)
    for doc in bad_classes:
        problems += _best_effort(lambda d: check_class(d, profiles), doc)
    if problems:
        raise MappingProblems(problems)
    result = MappingSet(
        classes=MappingProxyType({key: build_class(doc.data, doc.file) for key, doc in classes.items()}),
        profiles=MappingProxyType({key: build_profile(doc.data, doc.file) for key, doc in profiles.items()}),
    )
    log.debug("mappings.loaded", classes=sorted(result.classes), profiles=sorted(result.profiles))
    return result


def _best_effort(check: Callable[[SourceDoc], list[Problem]], doc: SourceDoc) -> list[Problem]:
    """Semantic checks of a schema-invalid document, as far as its shape allows (more at once)."""
    try:
        return check(doc)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError):
        return []


def _read_all(
    folder: Path, validator: Draft202012Validator, id_key: str, problems: list[Problem]
) -> tuple[dict[str, SourceDoc], list[SourceDoc]]:
    """Schema-valid documents of ``folder`` by id, and the invalid ones; problems appended."""
    found: dict[str, SourceDoc] = {}
    invalid_docs: list[SourceDoc] = []
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) if folder.is_dir() else []
    for path in files:
        name = str(path)
        try:
            raw = path.read_bytes()
            if len(raw) > _MAX_FILE_BYTES:
                problems.append(Problem(name, 0, f"larger than {_MAX_FILE_BYTES} bytes"))
                continue
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(name, 0, f"cannot read: {exc}"))
            continue
        doc, found_problems = read_source(name, text)
        problems += found_problems
        if doc is None:
            continue
        invalid = schema_problems(doc, validator)
        problems += invalid
        if invalid or not isinstance(doc.data, dict):
            invalid_docs.append(doc)
            continue
        key = doc.data[id_key]
        if key in found:
            problems.append(
                doc.problem((id_key,), f"duplicate {id_key} id {key!r} (also in {found[key].file})")
            )
            continue
        found[key] = doc
    return found, invalid_docs
