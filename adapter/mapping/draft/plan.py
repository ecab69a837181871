"""The choices a profile draft makes (``profile.py``) and writes out (``render.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from adapter.domain.probe import ProbeFindings, PropertyFacts, TypeFacts
from adapter.mapping.draft.match import IdentityPlace
from adapter.mapping.draft.needs import KeyNeed

__all__ = ["KEY_KEY", "SECONDARY_KEY", "UUID_KEY", "Candidate", "OpenChoice", "Plan"]

#: the property and type keys a draft gives our keys (as the shipped profiles do)
UUID_KEY, KEY_KEY, SECONDARY_KEY = "objektUuid", "idempotenzschluessel", "fremdschluessel"


@dataclass(frozen=True)
class Candidate:
    id: str
    display_name: str
    mandatory_on: tuple[str, ...] = ()  # type ids that require it


@dataclass(frozen=True)
class OpenChoice:
    """A property key no DMS property was chosen for: a person picks one of ``candidates`` (or none)."""

    key: str
    wants: str  # e.g. "string (multi-valued)"
    levels: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    why: str


@dataclass
class Plan:
    findings: ProbeFindings
    name: str
    types: dict[str, tuple[TypeFacts, str]] = field(default_factory=dict)  # type key -> (type, why)
    identity: IdentityPlace | None = None
    mapped: dict[str, tuple[PropertyFacts, str, KeyNeed]] = field(default_factory=dict)  # key -> (prop, why, need)
    open: list[OpenChoice] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unmatched_mandatory: list[str] = field(default_factory=list)
