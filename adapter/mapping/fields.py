"""The canonical fields a mapping may name, their value kinds and where they are available.

Object fields describe the object being mapped (``betreff`` of a Dokument is the document's);
context fields describe its containers (``aktenzeichen`` of the Akte it lies in). ``path_level``
says which folder a context field names when it appears in a path template: a path segment names
the folder of the deepest level among its fields (no field = a static container folder).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

from adapter.domain.codes import Aussonderungsart, Medium, Vertraulichkeitsstufe

__all__ = ["FIELDS", "FOLDER_LEVELS", "LEVELS", "FieldSpec", "Kind", "Level", "level_rank"]

Level = Literal["akte", "teilakte", "vorgang", "dokument"]
Kind = Literal["string", "strings", "integer", "boolean", "date", "datetime", "code"]
LEVELS: tuple[Level, ...] = ("akte", "teilakte", "vorgang", "dokument")
FOLDER_LEVELS: tuple[Level, ...] = ("akte", "teilakte", "vorgang")


def level_rank(level: Level | None) -> int:
    """0 for static segments, then akte 1 < teilakte 2 < vorgang 3 < dokument 4."""
    return 0 if level is None else LEVELS.index(level) + 1


@dataclass(frozen=True)
class FieldSpec:
    """A canonical field: its kind, the levels it exists at, and the folder level it names in paths."""

    name: str
    kind: Kind
    levels: frozenset[Level]
    path_level: Level | None = None
    codelist: type[StrEnum] | None = None
    description: str = ""


_ALL = frozenset(LEVELS)
_FOLDERS = frozenset(FOLDER_LEVELS)
_DOC = frozenset({"dokument"})


def _f(
    name: str,
    kind: Kind,
    levels: frozenset[str],
    path_level: Level | None = None,
    codelist: type[StrEnum] | None = None,
    description: str = "",
) -> FieldSpec:
    return FieldSpec(name, kind, frozenset(levels), path_level, codelist, description)  # type: ignore[arg-type]


FIELDS: Mapping[str, FieldSpec] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            _f("uuid", "string", _ALL, description="our stable UUID of the object"),
            _f("betreff", "string", _ALL),
            _f("kennzeichen", "strings", _ALL),
            _f(
                "vertraulichkeit",
                "code",
                _ALL,
                codelist=Vertraulichkeitsstufe,
                description="effective level: the stricter of the record's and the class minimum",
            ),
            _f("medium", "code", _ALL, codelist=Medium),
            _f("laufzeit.beginn", "date", _FOLDERS),
            _f("laufzeit.ende", "date", _FOLDERS),
            _f("federfuehrung", "string", _FOLDERS),
            _f(
                "aussonderungsart",
                "code",
                _FOLDERS,
                codelist=Aussonderungsart,
                description="the record's, else the class retention rule's",
            ),
            _f("aufbewahrungsdauer", "integer", _FOLDERS, description="the record's, else the class rule's"),
            _f("bearbeiter", "string", _ALL, description="kennung of the clerk acting on this change"),
            _f("zda", "boolean", _FOLDERS),
            _f("loeschmarkierung", "boolean", _ALL),
            _f("loeschsperre", "boolean", _ALL, description="legal hold: no deletion and no Aussonderung while set"),
            _f("dokumentart", "string", _DOC),
            _f("eingangsdatum", "datetime", _DOC, path_level="dokument"),
            _f("dateiname", "string", _DOC, description="name of the first file of the current version"),
            _f("dateiendung", "string", _DOC, description="its extension with the dot, or empty"),
            # context: the containers
            _f("aktenplan", "string", _ALL, description="Aktenplan key of the class"),
            _f("aktenplan.titel", "string", _ALL),
            _f("aktenzeichen", "string", _ALL, path_level="akte"),
            _f("akte.betreff", "string", _ALL, path_level="akte"),
            _f("akte.jahr", "integer", _ALL, path_level="akte", description="year of the Aktenzeichen"),
            _f(
                "teilakte",
                "string",
                frozenset({"teilakte", "vorgang", "dokument"}),
                path_level="teilakte",
                description="title of the Teilakte",
            ),
            _f(
                "vorgang",
                "string",
                frozenset({"vorgang", "dokument"}),
                path_level="vorgang",
                description="Betreff of the Vorgang",
            ),
        )
    }
)
