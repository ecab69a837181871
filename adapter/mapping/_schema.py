"""Validating a parsed mapping file against its JSON Schema, reporting each error at its line."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from adapter.domain.errors import ConfigurationError
from adapter.mapping._source import SourceDoc, pointer
from adapter.mapping.problems import Problem
from adapter.resources import SCHEMAS_DIR

__all__ = ["default_schema_dir", "load_validator", "schema_problems"]

_MAX_ERRORS_PER_FILE = 100


def default_schema_dir(mappings_dir: Path | None = None) -> Path:
    """Our JSON Schemas: a ``schemas/`` folder beside the mappings folder when there is one (an
    operator's own copy), else the ones installed with the product (``adapter.resources``)."""
    beside = mappings_dir.resolve().parent / "schemas" if mappings_dir is not None else None
    if beside is not None and (beside / "record-class.schema.json").is_file():
        return beside
    return SCHEMAS_DIR


def load_validator(schema_dir: Path, name: str) -> Draft202012Validator:
    """The validator for ``schemas/<name>.schema.json``; ``ConfigurationError`` if unusable."""
    path = schema_dir / f"{name}.schema.json"
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"schema {path} unusable: {exc}") from exc
    except Exception as exc:  # jsonschema.SchemaError has no common base with ours
        raise ConfigurationError(f"schema {path} is not a valid JSON Schema: {exc}") from exc
    return Draft202012Validator(schema)


def schema_problems(doc: SourceDoc, validator: Draft202012Validator) -> list[Problem]:
    """Every schema violation of ``doc``, each at the line of the offending key or value."""
    problems: list[Problem] = []
    for error in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        problems.extend(_explain(doc, error))
        if len(problems) >= _MAX_ERRORS_PER_FILE:
            problems.append(doc.problem((), "too many schema errors; stopped"))
            break
    return problems


def _explain(doc: SourceDoc, error: ValidationError) -> list[Problem]:
    path = tuple(error.absolute_path)
    where = pointer(path)
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        known = _known_keys(error.schema)
        return [
            doc.problem((*path, key), f"{where}: unknown key {key!r}")
            for key in error.instance
            if key not in known
        ]
    return [doc.problem(path, f"{where}: {error.message}")]


def _known_keys(schema: Any) -> set[str]:
    return set(schema.get("properties", {})) if isinstance(schema, Mapping) else set()
