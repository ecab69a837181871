"""Problems found in mapping files, each with file and line, and the error that carries them all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from adapter.domain.errors import ConfigurationError

__all__ = ["MappingProblems", "Problem"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: ``file:line: message`` (line 1-based; 0 when the file could not be read at all)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class MappingProblems(ConfigurationError):
    """The mapping files cannot be loaded; ``problems`` lists every finding, sorted by file and line."""

    code = "mapping-invalid"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems)))
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(
            f"{len(self.problems)} problem(s) in the mapping files:\n{lines}",
            detail={"problems": [str(p) for p in self.problems]},
        )
