"""Applying a property mapping's transform and fitting the value to the profile's property."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from enum import Enum

from adapter.domain.errors import InvalidInput
from adapter.mapping.model import PropertyMapping, RecordClass, VendorProfile

__all__ = ["PropertyValue", "apply_transform", "fit_value"]

PropertyValue = str | int | bool | datetime | tuple[str, ...]


def apply_transform(
    m: PropertyMapping, values: Mapping[str, object], rc: RecordClass
) -> PropertyValue | None:
    """The value of ``m`` for these canonical values (None = leave the property out)."""
    if m.transform == "constant":
        return m.value
    if m.transform == "template":
        assert m.template is not None
        return m.template.render(values, rc.zone)
    value = values.get(m.field or "")
    if value is None or value == ():
        return None
    if isinstance(value, Enum):
        value = value.value
    if m.transform == "codelist":
        assert m.values is not None
        if str(value) not in m.values:
            raise InvalidInput(f"no DMS value for {m.field} code {value!r} in class {rc.key!r}")
        return m.values[str(value)]
    if m.transform == "join":
        return m.separator.join(value)  # type: ignore[arg-type]
    if isinstance(value, date | datetime):
        moment = _instant(value, rc)
        if m.transform == "date":
            return moment.astimezone(rc.zone).strftime(m.format or "%Y-%m-%d")
        if m.format:
            return moment.astimezone(rc.zone).strftime(m.format)
        return moment
    return value  # type: ignore[return-value]


def _instant(value: date | datetime, rc: RecordClass) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, time(), tzinfo=rc.zone).astimezone(UTC)


def fit_value(profile: VendorProfile, key: str, value: PropertyValue) -> PropertyValue:
    """Wrap single values for multi-valued properties; refuse strings over the property's limit."""
    prop = profile.properties[key]
    if prop.multi and not isinstance(value, tuple):
        value = (str(value),)
    texts = value if isinstance(value, tuple) else (value,)
    if prop.max_length is not None:
        for text in texts:
            if isinstance(text, str) and len(text) > prop.max_length:
                raise InvalidInput(
                    f"{key}: value longer than {prop.max_length} characters", detail={"property": key}
                )
    return value
