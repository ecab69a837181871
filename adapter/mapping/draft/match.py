"""Reading a repository's model the way a person would: which type is the Akte, where keys can live.

Pure functions over the probe's facts (``adapter.domain.probe``), shared by the probe's checks and
the profile draft. Names are compared after ``normalise`` (case, German umlauts and ß, anything but
letters and digits dropped), against a type's or property's local id, query name and display name.
Nothing here guesses silently: every choice carries the reason a report or a YAML comment shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from adapter.domain.probe import PropertyFacts, TypeFacts

__all__ = [
    "LEVELS",
    "IdentityPlace",
    "Named",
    "identity_place",
    "level_types",
    "matches",
    "names_of",
    "normalise",
]

LEVELS = ("akte", "teilakte", "vorgang", "dokument")
_LEVEL_NAMES: Mapping[str, tuple[str, ...]] = {
    "akte": ("akte", "grundakte", "file", "dossier"),
    "teilakte": ("teilakte", "unterakte", "subfile"),
    "vorgang": ("vorgang", "geschaeftsvorgang", "process", "case", "procedure"),
    "dokument": ("dokument", "schriftstueck", "document"),
}
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
UUID_LENGTH = 36
KEY_LENGTH = 200  # adapter.domain.idempotency.MAX_LENGTH


def normalise(text: str) -> str:
    """``Federführung`` -> ``federfuehrung``, ``ea:objektUuid`` -> ``eaobjektuuid``."""
    return _NOT_ALNUM.sub("", text.casefold().translate(_UMLAUTS))


def _local(identifier: str) -> str:
    return re.split(r"[:.]", identifier)[-1]


Named = TypeFacts | PropertyFacts


def names_of(thing: Named) -> dict[str, str]:
    """Normalised name -> how it was named (``id``, ``query name`` or ``display name``)."""
    found: dict[str, str] = {}
    for kind, text in (("display name", thing.display_name), ("query name", _local(thing.query_name)),
                       ("id", _local(thing.id))):
        if text and normalise(text):
            found[normalise(text)] = f"{kind} {text!r}"
    return found


def matches(thing: Named, wanted: Iterable[str]) -> str | None:
    """Why ``thing`` is named like one of ``wanted`` (normalised), or None."""
    names = names_of(thing)
    return next((names[w] for w in map(normalise, wanted) if w in names), None)


def level_types(types: Sequence[TypeFacts]) -> dict[str, tuple[TypeFacts, str]]:
    """For each record level the DMS type named like it: level -> (type, why). Missing levels are left out."""
    out: dict[str, tuple[TypeFacts, str]] = {}
    taken: set[str] = set()
    for level in LEVELS:
        base = "cmis:document" if level == "dokument" else "cmis:folder"
        for t in types:
            if t.base != base or t.id == base or not t.creatable or t.id in taken:
                continue
            why = matches(t, _LEVEL_NAMES[level])
            if why is not None:
                out[level] = (t, why)
                taken.add(t.id)
                break
    return out


@dataclass(frozen=True)
class IdentityPlace:
    """Where our UUID and the idempotency key can live: a secondary type's properties, or properties
    every record type has. ``uuid`` None: no place found (``why`` says what is missing)."""

    secondary: TypeFacts | None
    uuid: PropertyFacts | None
    key: PropertyFacts | None
    why: str

    @property
    def found(self) -> bool:
        return self.uuid is not None and self.key is not None


def _fits(p: PropertyFacts, length: int) -> bool:
    return (p.datatype == "string" and not p.multi and p.settable and p.queryable
            and (p.max_length is None or p.max_length >= length))


def _uuid_like(p: PropertyFacts) -> str | None:
    for name, how in names_of(p).items():
        if "uuid" in name or "guid" in name or (name.startswith(("extern", "ext")) and name.endswith("id")):
            return how
    return None


def _key_like(p: PropertyFacts) -> str | None:
    for name, how in names_of(p).items():
        if "idempot" in name or "schluessel" in name or name.endswith("key"):
            return how
    return None


def _pick(props: Sequence[PropertyFacts]) -> tuple[PropertyFacts | None, PropertyFacts | None, str]:
    uuid = next(((p, w) for p in props if _fits(p, UUID_LENGTH) and (w := _uuid_like(p))), None)
    key = next(((p, w) for p in props if _fits(p, KEY_LENGTH) and (w := _key_like(p))
                and (uuid is None or p.id != uuid[0].id)), None)
    why = "; ".join(filter(None, (
        f"UUID in {uuid[0].id} ({uuid[1]})" if uuid else "no single-valued, settable, queryable string property "
        f"named like a UUID or external id (at least {UUID_LENGTH} characters)",
        f"idempotency key in {key[0].id} ({key[1]})" if key else "no such property named like a key "
        f"(Schlüssel, key; at least {KEY_LENGTH} characters)")))
    return (uuid[0] if uuid else None), (key[0] if key else None), why


def identity_place(types: Sequence[TypeFacts], record_types: Sequence[TypeFacts]) -> IdentityPlace:
    """A secondary type carrying both keys if there is one; else properties all ``record_types`` share."""
    for t in types:
        if t.base == "cmis:secondary" and t.id != "cmis:secondary":
            uuid, key, why = _pick(t.custom)
            if uuid is not None and key is not None:
                return IdentityPlace(t, uuid, key, f"secondary type {t.id}: {why}")
    if not record_types:
        return IdentityPlace(None, None, None, "no record types to hold the keys, and no secondary type that has them")
    shared = [p for p in record_types[0].custom
              if all(other.prop(p.id) is not None for other in record_types[1:])]
    uuid, key, why = _pick(shared)
    where = ", ".join(t.id for t in record_types)
    return IdentityPlace(None, uuid, key, f"no secondary type with both keys; on every record type ({where}): {why}")
