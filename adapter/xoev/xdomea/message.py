"""Validate an xdomea message and read its head: ``validate(path_or_bytes) -> ValidationReport``.

The version comes from the root element's namespace, the schema from the catalog (compiled once
per process), the identification from the head (``head.read_head``; 4.x ``head4.read_basis_head``).
Beyond the schema, 4.x requires the namespace prefix ``xdomea`` and counters that make sense
(``multipart``). ``validate`` never raises for
bad content: refusals (not well-formed, DOCTYPE, limits), unknown versions or messages and schema
errors all become ``(line, message)`` problems. ``load_message`` is the strict form for the
pipeline: it returns the parsed tree with its report or raises ``XmlRefused``/``SchemaInvalid``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from adapter.domain.errors import NotSupported
from adapter.safexml import DEFAULT_LIMITS, XmlLimits, parse_bytes, parse_file
from adapter.xoev.errors import Problem, SchemaInvalid, XmlRefused
from adapter.xoev.xdomea.head import MessageHead, read_head
from adapter.xoev.xdomea.head4 import read_basis_head
from adapter.xoev.xdomea.multipart import Counters
from adapter.xoev.xdomea.multipart import problems as counter_problems
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.versions import NAMESPACE_PREFIX, layout_for, version_of

__all__ = ["Message", "ValidationReport", "check_tree", "load_message", "validate"]


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one message; ``problems`` empty means valid."""

    head: MessageHead | None
    problems: tuple[Problem, ...] = ()
    source: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def version(self) -> str | None:
        return self.head.version if self.head else None

    @property
    def message_name(self) -> str | None:
        return self.head.message_name if self.head else None

    @property
    def message_type(self) -> str | None:
        return self.head.message_type if self.head else None

    @property
    def process_id(self) -> str | None:
        return self.head.process_id if self.head else None

    @property
    def sender(self) -> str | None:
        return self.head.sender if self.head else None

    @property
    def recipient(self) -> str | None:
        return self.head.recipient if self.head else None


@dataclass(frozen=True)
class Message:
    """A parsed, schema-valid message: the lxml tree and its report."""

    tree: Any = field(repr=False)
    report: ValidationReport


def validate(
    source: Path | bytes, *, catalog: SchemaCatalog, limits: XmlLimits = DEFAULT_LIMITS
) -> ValidationReport:
    """Validate a message file or bytes; every finding is reported, nothing raised for bad content."""
    name = str(source) if isinstance(source, Path) else None
    try:
        tree = _parse(source, limits)
    except XmlRefused as exc:
        return ValidationReport(None, tuple(exc.problems), name)
    report = check_tree(tree, catalog=catalog)
    return ValidationReport(report.head, report.problems, name)


def load_message(
    source: Path | bytes, *, catalog: SchemaCatalog, limits: XmlLimits = DEFAULT_LIMITS
) -> Message:
    """Parse and validate strictly: a valid ``Message`` or ``XmlRefused``/``SchemaInvalid``."""
    tree = _parse(source, limits)
    report = check_tree(tree, catalog=catalog)
    if not report.ok:
        raise SchemaInvalid(f"{len(report.problems)} schema problem(s)", problems=report.problems)
    return Message(tree, report)


def check_tree(tree: Any, *, catalog: SchemaCatalog) -> ValidationReport:
    """Validate an already parsed (``safexml``) tree against its version's official schema."""
    root = tree.getroot()
    qname = etree.QName(root)
    version = version_of(qname.namespace)
    layout = layout_for(version) if version else None
    if version is None or layout is None:
        text = f"root element {qname.text} is not an xdomea message (namespace {NAMESPACE_PREFIX}X.Y.Z)"
        if version is not None:
            text = f"xdomea {version} is not supported"
        return ValidationReport(None, ((root.sourceline, text),))
    head = (read_basis_head if layout.basis else read_head)(root, version, layout)
    try:
        schema = catalog.schema(version, qname.localname)
    except NotSupported as exc:
        return ValidationReport(head, ((root.sourceline, exc.message),))
    problems = schema.problems(tree)
    if not problems and head.message_type != head.name_code:
        text = f"Nachrichtentyp {head.message_type} does not match {head.message_name}"
        problems.append((root.sourceline, text))
    if layout.basis:
        problems.extend((root.sourceline, text) for text in _basis_problems(root, head))
    return ValidationReport(head, tuple(problems))


def _basis_problems(root: Any, head: MessageHead) -> list[str]:
    """4.x rules the schema cannot state: the prefix ``xdomea`` and usable multi-part counters."""
    found = []
    if root.prefix != "xdomea":
        found.append(f"xdomea {head.version} requires the namespace prefix 'xdomea', not {root.prefix!r}")
    if head.part is not None and head.parts is not None:
        found.extend(counter_problems(Counters(head.part, head.parts)))
    return found


def _parse(source: Path | bytes, limits: XmlLimits) -> Any:
    if isinstance(source, Path):
        return parse_file(source, limits=limits)
    return parse_bytes(source, limits=limits)
