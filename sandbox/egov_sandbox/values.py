"""Property values: wire strings in, typed values out (``coerce``); datetimes both ways.

Typed values are ``str`` (string, id, uri, html), ``bool``, ``int``, ``Decimal`` and
timezone-aware ``datetime``; multi-valued properties hold lists.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from egov_sandbox.errors import CmisConstraint, CmisInvalidArgument
from egov_sandbox.typesystem import PropertyDefinition

__all__ = ["coerce", "format_datetime", "parse_datetime"]


def parse_datetime(raw: str | int) -> datetime:
    """Milliseconds since the epoch (Browser binding) or ISO 8601 (AtomPub, extended format)."""
    if isinstance(raw, int) or (isinstance(raw, str) and raw.lstrip("-").isdigit()):
        return datetime.fromtimestamp(int(raw) / 1000, tz=UTC)
    text = str(raw).strip().replace("Z", "+00:00")
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def format_datetime(value: datetime) -> str:
    """ISO 8601 with milliseconds and an explicit UTC offset."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _one(defn: PropertyDefinition, raw: Any) -> Any:
    kind = defn.property_type
    try:
        if kind in ("string", "id", "uri", "html"):
            if not isinstance(raw, str):
                raw = str(raw)
            if defn.max_length is not None and len(raw) > defn.max_length:
                raise CmisConstraint(f"{defn.id}: longer than {defn.max_length} characters")
            return raw
        if kind == "boolean":
            if isinstance(raw, bool):
                return raw
            if str(raw).lower() in ("true", "false"):
                return str(raw).lower() == "true"
            raise ValueError(raw)
        if kind == "integer":
            if isinstance(raw, bool):
                raise ValueError(raw)
            value: Any = int(raw) if isinstance(raw, int) else int(str(raw).strip())
        elif kind == "decimal":
            value = Decimal(str(raw).strip())
            if not value.is_finite():
                raise ValueError(raw)
        elif kind == "datetime":
            return raw if isinstance(raw, datetime) else parse_datetime(raw)
        else:  # pragma: no cover - definitions are validated at load
            raise CmisInvalidArgument(f"{defn.id}: unknown property type {kind}")
    except (ValueError, TypeError, InvalidOperation) as exc:
        raise CmisInvalidArgument(f"{defn.id}: {raw!r} is not a valid {kind} value") from exc
    if defn.min_value is not None and value < defn.min_value:
        raise CmisConstraint(f"{defn.id}: below the minimum {defn.min_value}")
    if defn.max_value is not None and value > defn.max_value:
        raise CmisConstraint(f"{defn.id}: above the maximum {defn.max_value}")
    return value


def coerce(defn: PropertyDefinition, raw: Any) -> Any:
    """Turn a wire value (or list of them) into the typed value of ``defn``; ``None`` unsets."""
    if raw is None or raw == []:
        return None
    if defn.multi:
        values = [_one(defn, r) for r in (raw if isinstance(raw, list | tuple) else [raw])]
        if defn.choices and not defn.open_choice:
            bad = [v for v in values if v not in defn.choices]
            if bad:
                raise CmisConstraint(f"{defn.id}: {bad[0]!r} is not one of the allowed choices")
        return values
    if isinstance(raw, list | tuple):
        if len(raw) != 1:
            raise CmisInvalidArgument(f"{defn.id} is single-valued, got {len(raw)} values")
        raw = raw[0]
    value = _one(defn, raw)
    if defn.choices and not defn.open_choice and value not in defn.choices:
        raise CmisConstraint(f"{defn.id}: {value!r} is not one of the allowed choices")
    return value
