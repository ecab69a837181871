"""check_profile compares a vendor profile with type definitions (the DMS fake's catalog; no DMS)."""

from __future__ import annotations

from pathlib import Path

from fakes import FakeDms

from adapter.mapping import load_mappings
from adapter.ports.dms import PropertyInfo, TypeInfo
from adapter.resources import MAPPINGS_DIR
from adapter.services.profile_check import check_profile

ROOT = Path(__file__).resolve().parents[3]


def _fitting(profile) -> dict[str, TypeInfo]:  # type: ignore[no-untyped-def]
    out = {}
    for typedef in profile.types.values():
        props = {profile.properties[k].id: PropertyInfo(profile.properties[k].type, profile.properties[k].multi,
                                                        "readwrite") for k in typedef.properties}
        out[typedef.id] = TypeInfo(typedef.id, typedef.base, props)
    return out


def test_a_fitting_catalog_has_no_problems() -> None:
    """Every type and property as the profile says: no problem lines."""
    profile = load_mappings(MAPPINGS_DIR).profile("generic")
    assert check_profile(profile, FakeDms(types=_fitting(profile))) == []


def test_each_kind_of_mismatch_is_reported() -> None:
    """Missing type, other base, missing property, other datatype, cardinality and read-only are named."""
    profile = load_mappings(MAPPINGS_DIR).profile("generic")
    types = _fitting(profile)
    del types["ea:vorgang"]
    akte = types["ea:akte"]
    props = dict(akte.properties)
    del props["ea:betreff"]
    props["ea:aufbewahrungsdauer"] = PropertyInfo("string", False, "readwrite")
    props["ea:kennzeichen"] = PropertyInfo("string", False, "readwrite")
    props["ea:zdA"] = PropertyInfo("boolean", False, "readonly")
    types["ea:akte"] = TypeInfo("ea:akte", "document", props)
    problems = "\n".join(check_profile(profile, FakeDms(types=types)))
    assert "type vorgang (ea:vorgang): the DMS has no such type" in problems
    assert "type akte (ea:akte): the DMS's base type is document" in problems
    assert "property betreff (ea:betreff): not defined" in problems
    assert "property aufbewahrungsdauer (ea:aufbewahrungsdauer): the DMS's datatype is string" in problems
    assert "property kennzeichen (ea:kennzeichen): the DMS's cardinality is single" in problems
    assert "property zdA (ea:zdA): the DMS lets nobody set it (readonly)" in problems
