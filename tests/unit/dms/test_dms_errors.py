"""The one wire-error table covers every exception CMIS 1.1 defines, as the official schema lists them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from adapter.dms.errors import EXCEPTION_MAP, STATUS_MAP, TRANSIENT_STATUSES, translate
from adapter.domain.errors import AdapterError, NotFound, TransientDmsError
from adapter.safexml import parse_file

_CHECKOUT = Path(__file__).resolve().parents[3]
_XS = "{http://www.w3.org/2001/XMLSchema}"


def _spec_exceptions() -> list[str]:
    """``enumServiceException`` of the OASIS CMIS-Messaging.xsd (the names every binding uses)."""
    shared = Path(os.environ.get("EGOV_XOEV_DIR", _CHECKOUT.parent / "shared" / "xoev")).parent
    xsd = shared / "cmis" / "1.1" / "CMIS-Messaging.xsd"
    if not xsd.is_file():
        pytest.fail(f"the OASIS CMIS schema is not at {xsd}")
    root = parse_file(xsd).getroot()
    enum = next(t for t in root.iter(f"{_XS}simpleType") if t.get("name") == "enumServiceException")
    return [e.get("value") for e in enum.iter(f"{_XS}enumeration")]


def test_every_cmis_exception_of_the_spec_is_translated() -> None:
    """Each of the 13 names has a row, so no CMIS error falls through to a generic one."""
    names = _spec_exceptions()
    assert len(names) == 13 and "nameConstraintViolation" in names
    missing = [name for name in names if name not in EXCEPTION_MAP]
    assert not missing, missing
    assert all(issubclass(cls, AdapterError) for cls in EXCEPTION_MAP.values())


@pytest.mark.parametrize("name", _spec_exceptions())
def test_each_name_maps_to_its_row_under_a_non_transient_status(name: str) -> None:
    """The exception name decides when the status is not a transient one."""
    error = translate(409 if name != "objectNotFound" else 404, name, None, "op")
    assert type(error) is EXCEPTION_MAP[name] and error.detail["dms_exception"] == name


def test_transient_statuses_win_and_unknown_bodies_fall_back_to_the_status() -> None:
    """429/502/503/504 are transient whatever the body says; a body without a known name uses the status."""
    for status in TRANSIENT_STATUSES:
        assert isinstance(translate(status, "objectNotFound", None, "op"), TransientDmsError)
    assert isinstance(translate(404, None, None, "op"), NotFound) and STATUS_MAP[404] is NotFound
