"""Browser-binding wire format: form fields out (§5.4.4), object JSON in (§5.2.3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from adapter.dms._item import item_of
from adapter.dms._ql import quote_ql
from adapter.ports.dms import Ace, DmsItem, PropertyValue

__all__ = ["datetime_value", "decode_object", "form_fields", "quote_ql"]


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("datetimes sent to the DMS must be timezone-aware")
        return str(int(value.timestamp() * 1000))
    return str(value)


def form_fields(action: str, properties: Mapping[str, PropertyValue], *, secondary: Sequence[str] = (),
                add_secondary: Sequence[str] = (), acl: Sequence[Ace] = (), remove_acl: Sequence[Ace] = (),
                **params: str) -> list[tuple[str, str]]:
    """Form fields of one action: ``propertyId[N]``/``propertyValue[N][M]``, secondary types, ACEs."""
    fields: list[tuple[str, str]] = [("cmisaction", action), ("succinct", "false")]
    fields += [(k, v) for k, v in params.items()]
    props: dict[str, PropertyValue] = dict(properties)
    if secondary:
        props["cmis:secondaryObjectTypeIds"] = list(secondary)
    for i, (pid, value) in enumerate(props.items()):
        fields.append((f"propertyId[{i}]", pid))
        if isinstance(value, list | tuple):
            fields += [(f"propertyValue[{i}][{j}]", _scalar(v)) for j, v in enumerate(value)]
        elif value is not None:
            fields.append((f"propertyValue[{i}]", _scalar(value)))
    fields += [(f"addSecondaryTypeId[{i}]", sid) for i, sid in enumerate(add_secondary)]
    for prefix, aces in (("add", acl), ("remove", remove_acl)):
        for i, ace in enumerate(aces):
            fields.append((f"{prefix}ACEPrincipal[{i}]", ace.principal))
            fields += [(f"{prefix}ACEPermission[{i}][{j}]", p) for j, p in enumerate(ace.permissions)]
    return fields


def _datetime(raw: object) -> datetime:
    """Browser binding datetimes: epoch milliseconds (simple) or ISO 8601 (extended)."""
    if isinstance(raw, int | float):
        return datetime.fromtimestamp(raw / 1000, tz=UTC)
    return datetime.fromisoformat(str(raw).replace("Z", "+00:00"))


def datetime_value(value: object) -> datetime | list[datetime]:
    """A datetime property's value (not None): one datetime, or a list of them for a multi-valued one."""
    return [_datetime(v) for v in value] if isinstance(value, list) else _datetime(value)


def decode_object(data: Mapping[str, Any]) -> DmsItem:
    """A ``DmsItem`` from a (non-succinct) object JSON."""
    props: dict[str, Any] = {}
    for pid, prop in data["properties"].items():
        value = prop.get("value")
        if value is not None and prop.get("type") == "datetime":
            value = datetime_value(value)
        props[pid] = value
    return item_of(props)

