"""The tenants of a deployment as frozen values, and the error that lists every problem of a tenants file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from adapter.config import Settings
from adapter.domain.errors import ConfigurationError, NotFound
from adapter.mapping import Problem

__all__ = ["TenantConfig", "TenantsConfig", "TenantsProblems"]


@dataclass(frozen=True)
class TenantConfig:
    """One tenant: its id and name, its own settings, and its limit on jobs running at once."""

    id: str
    name: str
    settings: Settings
    max_running: int | None = None
    line: int = field(default=0, compare=False)  # where the entry starts in the tenants file

    @property
    def xta_identity(self) -> tuple[str, str] | None:
        """(XTA URL, party) when the tenant has a mailbox."""
        s = self.settings
        return (s.xta_url, s.xta_party) if s.xta_url and s.xta_party else None


@dataclass(frozen=True)
class TenantsConfig:
    """Every tenant by id, the default one (if any), and the file they came from (``None``: no file)."""

    tenants: Mapping[str, TenantConfig]
    default: str | None
    source: Path | None = None
    digest: str = ""
    limits: Mapping[str, int] = field(default_factory=dict)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.tenants)

    def get(self, tenant: str | None) -> TenantConfig:
        """``tenant``'s configuration, or the default tenant's when ``tenant`` is ``None``."""
        wanted = tenant or self.default
        if wanted is None:
            raise ConfigurationError("no default tenant: name one with --tenant or EGOV_TENANT "
                                     f"({', '.join(self.tenants)})")
        found = self.tenants.get(wanted)
        if found is None:
            raise NotFound(f"no tenant {wanted!r} (known: {', '.join(self.tenants)})")
        return found


class TenantsProblems(ConfigurationError):
    """The tenants file cannot be used; ``problems`` lists every finding as ``file:line: message``."""

    code = "tenants-invalid"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems)))
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the tenants file:\n{lines}",
                         detail={"problems": [str(p) for p in self.problems]})
