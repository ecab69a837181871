"""A DMS object's metadata mapped back through its record class: canonical fields, xdomea metadata, fingerprint.

``canonical`` reverses the class's property mappings for one level (code lists back to the xdomea
codes, dates to dates in the class's zone; constants and templates are not fields and are skipped).
``sgo_meta`` turns those fields into the xdomea metadata of a Schriftgutobjekt (the class's
retention rule fills what the record does not carry, as on filing; a value that is no code of its
list is left out rather than sent wrong). ``fingerprint`` hashes what the archive is offered: name,
type, the metadata fields (not our own bookkeeping: the deletion mark, the hold, the clerk) and, for
a document, every version's label, size and hash - so any change after the offer shows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum

from adapter.domain.codes import Aussonderungsart, Medium, Vertraulichkeitsstufe
from adapter.mapping import RecordClass, VendorProfile
from adapter.mapping.fields import FIELDS
from adapter.ports.dms import DmsItem
from adapter.services.lifecycle.retention import retention_until
from adapter.xoev.xdomea.aussonderung_model import SgoMeta

__all__ = ["canonical", "fingerprint", "sgo_meta"]

_NOT_OFFERED = frozenset({"loeschmarkierung", "loeschsperre", "bearbeiter"})


def canonical(item: DmsItem, rc: RecordClass, profile: VendorProfile, level: str) -> dict[str, object]:
    """The canonical fields the class keeps for ``level``, read back from ``item``."""
    out: dict[str, object] = {}
    for m in rc.properties.get(level, ()):  # type: ignore[call-overload]
        if not m.field or m.transform in ("constant", "template"):
            continue
        raw: object = item.properties.get(profile.properties[m.property].id)
        if raw is None or raw == [] or raw == ():
            continue
        if m.transform == "codelist" and m.values:
            raw = {v: k for k, v in m.values.items()}.get(str(raw), str(raw))
        kind = FIELDS[m.field].kind if m.field in FIELDS else "string"
        if kind == "date" and isinstance(raw, datetime):
            raw = raw.astimezone(rc.zone).date()
        elif kind == "date" and isinstance(raw, str) and m.transform == "date":
            raw = datetime.strptime(raw, m.format or "%Y-%m-%d").date()
        elif kind == "strings" and isinstance(raw, list | tuple):
            raw = tuple(str(v) for v in raw)
        out[m.field] = raw
    return out


def _code(enum: type[StrEnum], value: object) -> str | None:
    text = str(value) if value is not None else None
    return text if text in {member.value for member in enum} else None


def _day(value: object, rc: RecordClass) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(rc.zone).date()
    return value if isinstance(value, date) else None


def sgo_meta(fields: Mapping[str, object], rc: RecordClass, level: str, name: str) -> SgoMeta:
    """The xdomea metadata of an object of ``level`` whose canonical fields are ``fields``."""
    betreff = str(fields.get("betreff") or name)
    if level == "dokument":
        return SgoMeta(betreff=betreff, vertraulichkeit=_code(Vertraulichkeitsstufe, fields.get("vertraulichkeit")),
                       medium=_code(Medium, fields.get("medium")),
                       typ=str(fields["dokumentart"]) if fields.get("dokumentart") else None,
                       posteingang=_day(fields.get("eingangsdatum"), rc))
    rule = rc.retention
    stored_years = fields.get("aufbewahrungsdauer")
    years = stored_years if isinstance(stored_years, int) else (rule.aufbewahrungsdauer if rule else None)
    art = fields.get("aussonderungsart") or (rule.aussonderungsart if rule else None)
    ende = _day(fields.get("laufzeit.ende"), rc)
    zda = fields.get("zda")
    return SgoMeta(
        betreff=betreff, kennzeichen=str(fields["aktenzeichen"]) if level == "akte" and fields.get("aktenzeichen")
        else None, federfuehrung=str(fields["federfuehrung"]) if fields.get("federfuehrung") else None,
        vertraulichkeit=_code(Vertraulichkeitsstufe, fields.get("vertraulichkeit")),
        medium=_code(Medium, fields.get("medium")),
        aktenplan=rc.aktenplaneinheit.kennzeichen if level == "akte" else None,
        aufbewahrungsdauer=years, aussonderungsart=_code(Aussonderungsart, art),
        aufbewahrungsende=retention_until(ende, years) if ende is not None and years is not None else None,
        beginn=_day(fields.get("laufzeit.beginn"), rc), ende=ende, zda=zda if isinstance(zda, bool) else None)


def fingerprint(item: DmsItem, fields: Mapping[str, object], versions: Sequence[DmsItem]) -> str:
    """SHA-256 over what is offered of ``item`` (see the module docstring)."""
    payload = {
        "name": item.name, "type": item.type_id,
        "fields": {k: v for k, v in sorted(fields.items()) if k not in _NOT_OFFERED},
        "versions": [[v.version_label, v.content_length, v.content_sha256] for v in versions],
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
