"""Request parameters of the Browser binding: case-insensitive names, property lists, flags.

CMIS 1.1 §5.4.4: properties arrive as ``propertyId[N]`` with ``propertyValue[N]`` (single) or
``propertyValue[N][M]`` (multi); secondary types as ``addSecondaryTypeId[N]`` and
``removeSecondaryTypeId[N]``; ACEs as ``addACEPrincipal[N]`` with ``addACEPermission[N][M]`` (and
``removeACE...``); parameter names are matched case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from egov_sandbox.errors import CmisInvalidArgument

__all__ = ["Params"]

_INDEXED = re.compile(r"^(propertyid|propertyvalue|addsecondarytypeid|removesecondarytypeid"
                      r"|addaceprincipal|addacepermission|removeaceprincipal|removeacepermission)"
                      r"\[(\d+)\](?:\[(\d+)\])?$")


class Params:
    def __init__(self, *sources: Iterable[tuple[str, str]]) -> None:
        self._values: dict[str, str] = {}
        self._indexed: dict[str, dict[int, Any]] = {}
        for source in sources:  # later sources win (form over query string)
            for key, value in source:
                lowered = key.lower()
                match = _INDEXED.match(lowered)
                if match is None:
                    self._values[lowered] = value
                    continue
                group, first, second = match.group(1), int(match.group(2)), match.group(3)
                slot = self._indexed.setdefault(group, {})
                if second is None:
                    slot[first] = value
                else:
                    multi = slot.setdefault(first, {})
                    if not isinstance(multi, dict):
                        raise CmisInvalidArgument(f"{key}: mixes single and multi values")
                    multi[int(second)] = value

    def get(self, name: str, default: str | None = None) -> str | None:
        return self._values.get(name.lower(), default)

    def require(self, name: str) -> str:
        value = self.get(name)
        if value is None or value == "":
            raise CmisInvalidArgument(f"parameter {name!r} is required")
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.get(name)
        if value is None or value == "":
            return default
        if value.lower() not in ("true", "false"):
            raise CmisInvalidArgument(f"parameter {name!r} must be true or false")
        return value.lower() == "true"

    def integer(self, name: str, default: int | None = None, minimum: int = 0) -> int | None:
        value = self.get(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise CmisInvalidArgument(f"parameter {name!r} must be a number") from None
        if number < minimum:
            raise CmisInvalidArgument(f"parameter {name!r} must be at least {minimum}")
        return number

    def properties(self) -> dict[str, Any]:
        ids = self._indexed.get("propertyid", {})
        values = self._indexed.get("propertyvalue", {})
        out: dict[str, Any] = {}
        for index in sorted(ids):
            raw = values.get(index)
            if isinstance(raw, dict):
                raw = [raw[i] for i in sorted(raw)]
            out[str(ids[index])] = raw
        orphan = set(values) - set(ids)
        if orphan:
            raise CmisInvalidArgument(f"propertyValue[{min(orphan)}] has no propertyId[{min(orphan)}]")
        return out

    def indexed_list(self, group: str) -> list[str]:
        slot = self._indexed.get(group.lower(), {})
        return [str(slot[i]) for i in sorted(slot)]

    def aces(self, prefix: str) -> list[tuple[str, list[str]]]:
        """ACEs of ``prefix`` ("addACE" or "removeACE"): [(principal, [permission, ...]), ...]."""
        principals = self._indexed.get(f"{prefix.lower()}principal", {})
        permissions = self._indexed.get(f"{prefix.lower()}permission", {})
        orphan = set(permissions) - set(principals)
        if orphan:
            first = min(orphan)
            raise CmisInvalidArgument(f"{prefix}Permission[{first}] has no {prefix}Principal[{first}]")
        out = []
        for index in sorted(principals):
            raw = permissions.get(index)
            if not isinstance(raw, dict) or not raw:
                raise CmisInvalidArgument(f"{prefix}Principal[{index}] needs {prefix}Permission[{index}][0]")
            out.append((str(principals[index]), [str(raw[i]) for i in sorted(raw)]))
        return out

    def order_by(self) -> list[tuple[str, bool]]:
        raw = self.get("orderBy")
        out = []
        for part in (raw or "").split(","):
            words = part.split()
            if not words:
                continue
            if len(words) > 2 or (len(words) == 2 and words[1].upper() not in ("ASC", "DESC")):
                raise CmisInvalidArgument(f"invalid orderBy {raw!r}")
            out.append((words[0], len(words) == 1 or words[1].upper() == "ASC"))
        return out

    def prop_filter(self) -> set[str] | None:
        raw = self.get("filter")
        if raw is None or raw.strip() in ("", "*"):
            return None
        return {p.strip() for p in raw.split(",") if p.strip()}
