"""zdA ("zu den Akten") state of containers, readable without a DMS request.

The DMS holds the truth (the container's zdA property). So that filing can refuse a closed
container without reading it, closing also leaves a marker entry in the registry (level ``zda``,
keyed by a UUID derived from the container's); reopening and final deletion remove it. Filing
looks the markers of its container chain up in the registry it reads anyway: no DMS request.
A registry rebuilt from the DMS lacks markers until the container is closed again (a repeated
``close_zda`` restores it).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence

from adapter.domain.errors import InvalidInput
from adapter.ports.registry import Registry, RegistryEntry

__all__ = ["ZDA_LEVEL", "ZdaMarks", "refuse_closed"]

ZDA_LEVEL = "zda"
_NAMESPACE = uuid.UUID("0b9e6f0c-3a51-4c55-9a57-4a0f3f1f7d21")


@functools.lru_cache(maxsize=4096)
def _marker_id(container: uuid.UUID) -> uuid.UUID:
    """Kept: a pure function of the container's UUID that every filing asks for each container of its chain
    (a ``uuid5`` costs ~15 µs)."""
    return uuid.uuid5(_NAMESPACE, str(container))


class ZdaMarks:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def close(self, entry: RegistryEntry) -> None:
        self.registry.put(RegistryEntry(_marker_id(entry.uuid), ZDA_LEVEL, entry.record_class, entry.path,
                                        entry.ref, "zdA", None, entry.uuid))

    def reopen(self, entry: RegistryEntry) -> None:
        self.registry.forget(_marker_id(entry.uuid))

    def closed(self, chain: Sequence[RegistryEntry]) -> RegistryEntry | None:
        """The first container of ``chain`` that is closed zdA, if any (the markers in one registry read)."""
        containers = [(entry, _marker_id(entry.uuid)) for entry in chain if entry.level != "dokument"]
        closed = self.registry.get_many([marker for _entry, marker in containers])
        return next((entry for entry, marker in containers if marker in closed), None)


def refuse_closed(registry: Registry, chain: Sequence[RegistryEntry]) -> None:
    """``InvalidInput`` when a container of ``chain`` is closed zdA (nothing may be filed into it)."""
    closed = ZdaMarks(registry).closed(chain)
    if closed is not None:
        raise InvalidInput(f"the {closed.level} {closed.aktenzeichen or closed.uuid} is closed (zdA): "
                           "nothing can be filed into it; reopen it first",
                           detail={"id": str(closed.uuid), "level": closed.level})
