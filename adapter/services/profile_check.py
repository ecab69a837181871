"""Does the vendor profile fit the live DMS? Every type and property it names is compared with the
repository's type definitions: exists, base type, datatype, cardinality, updatability."""

from __future__ import annotations

from adapter.mapping import VendorProfile
from adapter.ports.dms import TypeCatalog

__all__ = ["check_profile"]

_BASES = {"folder": "folder", "document": "document", "secondary": "secondary"}


def check_profile(profile: VendorProfile, catalog: TypeCatalog) -> list[str]:
    """Every mismatch as one line (empty: the profile fits)."""
    problems: list[str] = []
    for key, typedef in sorted(profile.types.items()):
        info = catalog.type_definition(typedef.id)
        where = f"{profile.source}: type {key} ({typedef.id})"
        if info is None:
            problems.append(f"{where}: the DMS has no such type")
            continue
        if info.base != _BASES[typedef.base]:
            problems.append(f"{where}: the DMS's base type is {info.base}, the profile says {typedef.base}")
        for prop_key in sorted(typedef.properties):
            prop = profile.properties[prop_key]
            found = info.properties.get(prop.id)
            label = f"{where}: property {prop_key} ({prop.id})"
            if found is None:
                problems.append(f"{label}: not defined on this type in the DMS")
                continue
            if found.property_type != prop.type:
                problems.append(f"{label}: the DMS's datatype is {found.property_type}, the profile says {prop.type}")
            if found.multi != prop.multi:
                problems.append(f"{label}: the DMS's cardinality is {'multi' if found.multi else 'single'}")
            if found.updatability not in ("readwrite", "oncreate"):
                problems.append(f"{label}: the DMS lets nobody set it ({found.updatability})")
    return problems
