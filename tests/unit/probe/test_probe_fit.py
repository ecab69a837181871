"""``fit``: what the chosen profile (and the adapter) needs of the findings, and the profile.* checks."""

from __future__ import annotations

from dataclasses import replace

import pytest
from facts import enterprise, generic

from adapter.dms.probe.fit import fit
from adapter.domain.probe import Check, ContentFacts, NameFacts
from adapter.mapping import MappingSet, load_mappings
from adapter.resources import MAPPINGS_DIR

REPO_MAPPINGS = MAPPINGS_DIR


@pytest.fixture(scope="module")
def shipped() -> MappingSet:
    return load_mappings(REPO_MAPPINGS)


def _with(findings, *checks: Check):  # type: ignore[no-untyped-def]
    return replace(findings, checks=findings.checks + checks)


def test_a_fitting_profile_needs_nothing_the_dms_lacks(shipped: MappingSet) -> None:
    """Generic findings against the generic profile: every profile.* check passes, nothing failed."""
    found = fit(generic(), shipped.profile("generic"), shipped.classes, "generic")
    by_id = {c.id: c for c in found.checks}
    assert found.profile == "generic" and found.failed_needs == ()
    assert {by_id[c].status for c in ("profile.types", "profile.permissions", "profile.names", "profile.query",
                                      "profile.content")} == {"pass"}


def test_what_the_profile_relies_on_becomes_needed(shipped: MappingSet) -> None:
    """LIKE refused while the profile says supported: needed and failed; restricted says unsupported: not needed."""
    refused = _with(replace(generic(), query=replace(generic().query, like=False)),
                    Check("query.like", "LIKE in queries", "not-supported", "refused", "..."),
                    Check("versioning.checkin", "Check-in", "fail", "refused", "..."))
    found = fit(refused, shipped.profile("generic"), shipped.classes, "generic")
    failed = {c.id for c in found.failed_needs}
    assert {"query.like", "versioning.checkin", "profile.query"} <= failed
    restricted = fit(refused, shipped.profile("restricted"), shipped.classes, "restricted")
    assert "query.like" not in {c.id for c in restricted.failed_needs}


def test_a_profile_for_another_dms_fails_on_types_names_content_and_permissions(shipped: MappingSet) -> None:
    """The generic profile against a strict DMS: missing types, looser name rules, no size limit, cmis:* grants."""
    found = fit(enterprise(), shipped.profile("generic"), shipped.classes, "generic")
    by_id = {c.id: c for c in found.checks}
    assert "type akte (ea:akte): the DMS has no such type" in by_id["profile.types"].found
    assert "names.max_length is 255, the DMS takes 100" in by_id["profile.names"].found
    assert "the DMS refused 8388608 bytes" in by_id["profile.content"].found
    assert "permissions.read is 'cmis:read', not a permission of the DMS" in by_id["profile.permissions"].found
    assert {"profile.types", "profile.names", "profile.content", "profile.permissions"} <= {
        c.id for c in found.failed_needs}


def test_without_a_profile_only_the_adapter_counts(shipped: MappingSet) -> None:
    """No profile of that name: a skipped 'profile' check; ACLs needed because the Personalakte grants access."""
    findings = _with(enterprise(), Check("acl.capabilities", "ACL", "not-supported", "none", "..."))
    found = fit(findings, None, shipped.classes, "stadt")
    assert found.profile is None and next(c for c in found.checks if c.id == "profile").status == "skipped"
    assert [c.id for c in found.failed_needs] == ["acl.capabilities"]


def test_hash_and_names_details(shipped: MappingSet) -> None:
    """A hash the profile relies on without read-back, and a case rule the profile misses, are reported."""
    profile = shipped.profile("generic")
    strict = replace(profile, content=replace(profile.content, verify_read_back=False))
    findings = replace(generic(), content=ContentFacts(True, False, True, True, 1, None, 1),
                       names=NameFacts("/", "", False, 255, 255, True, "nameConstraintViolation", 409))
    by_id = {c.id: c for c in fit(findings, strict, shipped.classes, "generic").checks}
    assert "reports no hash, and verify_read_back is off" in by_id["profile.content"].found
    assert "ignoring case" in by_id["profile.names"].found
