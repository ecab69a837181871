"""Property values: typed like the Browser connector's; written with the element of their type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from adapter.dms._item import item_of
from adapter.dms._properties import decode_properties, property_element
from adapter.dms.cmis_atom.names import CMIS, q
from adapter.dms.cmis_atom.parsing import Entry


def _entry(**props: tuple[str, tuple[str, ...]]) -> Entry:
    return Entry({k.replace("__", ":"): v for k, v in props.items()}, (), None)


def test_values_are_typed_and_multi_comes_from_the_definitions() -> None:
    """ints, bools, aware datetimes, floats; one value of a multi property is still a list."""
    entry = _entry(cmis__objectId=("propertyId", ("o1",)), ea__n=("propertyInteger", ("30",)),
                   ea__b=("propertyBoolean", ("false",)),
                   ea__d=("propertyDateTime", ("2026-03-01T23:00:00.000Z",)),
                   ea__x=("propertyDecimal", ("1.5",)), ea__tags=("propertyString", ("eilt",)),
                   ea__leer=("propertyString", ()), cmis__secondaryObjectTypeIds=("propertyId", ("ea:f",)),
                   cmis__contentStreamHash=("propertyString", ("{sha-256}ABC",)))
    asked: list[str] = []
    props = decode_properties(entry.properties, lambda pid: asked.append(pid) or pid == "ea:tags")  # type: ignore[func-returns-value]
    assert props["ea:n"] == 30 and props["ea:b"] is False and props["ea:x"] == 1.5
    assert props["ea:d"] == datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    assert props["ea:tags"] == ["eilt"] and props["ea:leer"] is None
    assert props["cmis:secondaryObjectTypeIds"] == ["ea:f"]
    assert "cmis:objectId" not in asked and "cmis:secondaryObjectTypeIds" not in asked
    assert item_of(props).content_sha256 == "abc"


def test_datetimes_without_zone_are_utc_and_offsets_are_kept() -> None:
    """A zone-less xs:dateTime is read as UTC; an offset stays an aware datetime."""
    props = decode_properties(_entry(a=("propertyDateTime", ("2026-01-02T03:04:05",)),
                                b=("propertyDateTime", ("2026-01-02T03:04:05+01:00",))).properties, lambda _p: False)
    assert props["a"] == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert props["b"] == datetime(2026, 1, 2, 2, 4, 5, tzinfo=UTC)


def test_elements_follow_the_definition_else_the_python_type() -> None:
    """The defined type names the element; unknown properties are written by their Python type."""
    assert property_element("ea:id", "x", "id").tag == q(CMIS, "propertyId")
    assert property_element("ea:n", 3, None).tag == q(CMIS, "propertyInteger")
    assert property_element("ea:b", True, None).tag == q(CMIS, "propertyBoolean")
    when = datetime(2026, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    element = property_element("ea:d", [when], None)
    assert element.tag == q(CMIS, "propertyDateTime")
    assert [v.text for v in element] == ["2026-01-01T11:00:00.000Z"]
    assert len(property_element("ea:unset", None, "string")) == 0
    with pytest.raises(ValueError):
        property_element("ea:d", datetime(2026, 1, 1), "datetime")
