"""``SuccinctDecoder``: succinct object JSON read as verbose JSON reads, datetimes by the type definitions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapter.dms.cmis_browser.succinct import SuccinctDecoder
from adapter.dms.cmis_browser.wire import decode_object
from adapter.domain.errors import NotFound

WHEN = datetime(2026, 3, 1, 23, 0, 0, 125000, tzinfo=UTC)
MS = int(WHEN.timestamp() * 1000)
TYPES = {"ea:dokument": {"cmis:creationDate": "datetime", "ea:eingangsdatum": "datetime", "ea:seiten": "integer",
                         "ea:betreff": "string"},
         "ea:frist": {"ea:termine": "datetime"}}


def _reader(reads: list[str]) -> Any:
    def read(type_id: str) -> dict[str, Any]:
        reads.append(type_id)
        if type_id not in TYPES:
            raise NotFound(type_id)
        return {"id": type_id, "propertyDefinitions": {pid: {"id": pid, "propertyType": t}
                                                        for pid, t in TYPES[type_id].items()}}
    return read


def _succinct(**extra: Any) -> dict[str, Any]:
    return {"succinctProperties": {"cmis:objectId": "d1", "cmis:name": "a.pdf", "cmis:baseTypeId": "cmis:document",
                                   "cmis:objectTypeId": "ea:dokument", "cmis:creationDate": MS,
                                   "ea:eingangsdatum": None, "ea:seiten": MS, "ea:betreff": "1772406000125", **extra}}


def test_datetimes_come_out_aware_and_nothing_else_changes() -> None:
    """Datetime properties (also a secondary type's, multi-valued) become aware datetimes; numbers, strings stay."""
    item = _reader_items([_succinct(**{"cmis:secondaryObjectTypeIds": ["ea:frist"], "ea:termine": [MS, MS]})])[0]
    assert item.created_at == WHEN and item.properties["ea:termine"] == [WHEN, WHEN]
    assert item.properties["ea:eingangsdatum"] is None and item.properties["ea:seiten"] == MS
    assert item.properties["ea:betreff"] == "1772406000125"


def test_the_same_item_as_from_verbose_json() -> None:
    """A succinct object gives the item its verbose form gives."""
    verbose = {"properties": {pid: {"id": pid, "type": TYPES["ea:dokument"].get(pid, "string"), "value": v}
                              for pid, v in _succinct()["succinctProperties"].items()}}
    assert _reader_items([_succinct()]) == [decode_object(verbose)]


def test_each_type_is_read_once() -> None:
    """Type definitions are read once per type for the decoder's life, however many objects and pages."""
    reads: list[str] = []
    decoder = SuccinctDecoder(_reader(reads))
    for _ in range(3):
        decoder.items([_succinct(), _succinct(**{"cmis:secondaryObjectTypeIds": ["ea:frist"]})])
    assert reads == ["ea:dokument", "ea:frist"]


def test_an_undefined_type_asks_for_the_verbose_form() -> None:
    """When a type has no definition the decoder answers None (the connector reads the page verbose)."""
    assert SuccinctDecoder(_reader([])).items([_succinct(**{"cmis:secondaryObjectTypeIds": ["x:unbekannt"]})]) is None


def _reader_items(objects: list[dict[str, Any]]) -> Any:
    return SuccinctDecoder(_reader([])).items(objects)
