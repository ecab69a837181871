"""Reading one YAML mapping file into plain data plus a line number for every JSON-pointer path.

The file is composed to YAML nodes (never constructed blindly), so every key, item and value keeps
its start line. Duplicate keys and non-string keys, which PyYAML would accept silently, are
reported. Anchors and aliases work (an alias reports the anchor's lines); merge keys (``<<``) are
not supported and surface as unknown keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from adapter.mapping.problems import Problem

__all__ = ["Path", "SourceDoc", "pointer", "read_source"]

Path = tuple[str | int, ...]
_MAX_DEPTH = 50


@dataclass
class SourceDoc:
    """A parsed file: its data, the line of each path, and helpers to report problems at a path."""

    file: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int:
        """The line of ``path`` or of its nearest ancestor that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: Path, message: str) -> Problem:
        return Problem(self.file, self.line(path), message)


def pointer(path: Path) -> str:
    """A readable form of a path, e.g. ``properties.folders[3].transform``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def read_source(file: str, text: str) -> tuple[SourceDoc | None, list[Problem]]:
    """Parse ``text``; return the document (None if unusable) and the problems found."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(file, line, f"YAML: {exc.problem or exc.context}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, f"YAML: {exc}")]
    if node is None:
        return None, [Problem(file, 1, "the file is empty")]
    doc = SourceDoc(file, None)
    problems: list[Problem] = []
    try:
        doc.data = _convert(loader, node, (), doc, problems, 0)
    except yaml.MarkedYAMLError as exc:  # e.g. an unknown tag
        mark = exc.problem_mark or exc.context_mark
        return None, [*problems, Problem(file, mark.line + 1 if mark else 1, f"YAML: {exc.problem}")]
    finally:
        loader.dispose()
    return doc, problems


def _convert(
    loader: yaml.SafeLoader, node: yaml.Node, path: Path, doc: SourceDoc, problems: list[Problem], depth: int
) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if depth > _MAX_DEPTH:
        problems.append(doc.problem(path, "nested too deeply"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                problems.append(
                    Problem(doc.file, key_line, f"{pointer(path)}: key {key!r} is not a text (quote it)")
                )
                key = str(key)
            if key in first_line:
                problems.append(
                    Problem(
                        doc.file,
                        key_line,
                        f"{pointer(path)}: duplicate key {key!r} (first at line {first_line[key]})",
                    )
                )
                continue
            first_line[key] = key_line
            doc.lines[(*path, key)] = key_line
            result[key] = _convert(loader, value_node, (*path, key), doc, problems, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(loader, item, (*path, index), doc, problems, depth + 1)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)
