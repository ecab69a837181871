"""``dms probe`` read-only against every personality: what each offers, found with GET requests only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from probe_helpers import WS_READS, Probed, check, status, writes

from adapter.domain.probe import ProbeFindings

CASES = [("generic", "browser", "generic"), ("alfresco", "browser", "alfresco"),
         ("restricted", "browser", "restricted"), ("enterprise", "browser", "generic"),
         ("generic", "atompub", "generic"), ("enterprise", "atompub", "generic"),
         ("generic", "ws", "generic-ws"), ("enterprise", "ws", "generic-ws")]


def _generic(f: ProbeFindings) -> None:
    assert status(f)["types.secondary"] == "pass"
    assert "UUID in ea:objektUuid" in check(f, "types.identity").found and "ea:fremdschluessel" in check(
        f, "types.identity").found
    assert (f.query.like, f.query.in_, f.query.or_, f.query.in_tree) == (True, True, True, True)
    assert f.repository.acl.supported_permissions == "basic" and f.content.hash_declared
    assert status(f)["profile.types"] == "pass"


def _alfresco(f: ProbeFindings) -> None:
    assert f.repository.id == "-default-"
    assert "akte: F:ea:akte" in check(f, "types.levels").found and "dokument: D:ea:dokument" in check(
        f, "types.levels").found
    assert "secondary type P:ea:fremdschluessel" in check(f, "types.identity").found
    assert {t.id for t in f.types if t.base == "cmis:secondary"} >= {"P:cm:titled", "P:ea:fremdschluessel"}
    assert status(f)["profile.types"] == "pass"


def _restricted(f: ProbeFindings) -> None:
    assert (f.query.like, f.query.in_, f.query.or_) == (False, False, False)
    assert {status(f)[c] for c in ("query.like", "query.in", "query.or")} == {"not-supported"}
    assert not any(check(f, c).needed for c in ("query.like", "query.in", "query.or"))  # the profile knows
    assert status(f)["query.folder"] == "pass" and status(f)["profile.query"] == "pass"


def _enterprise(f: ProbeFindings) -> None:
    assert status(f)["types.secondary"] == "not-supported"
    assert not any(t.base == "cmis:secondary" for t in f.types)
    identity = check(f, "types.identity")
    assert identity.status == "pass" and "UUID in ecm:p190" in identity.found and "key in ecm:p191" in identity.found
    assert "akte: ecm:t100" in check(f, "types.levels").found and "dokument: ecm:t200" in check(
        f, "types.levels").found
    assert "ecm:p102 (Titel)" in check(f, "types.mandatory").found
    assert f.query.in_tree is False and status(f)["query.in_tree"] == "not-supported"
    assert f.repository.acl.supported_permissions == "repository"
    assert f.repository.acl.permission_for("canApplyACL.Object") == "ecm:verwalten"
    assert not f.content.hash_declared
    # the shipped generic profile does not fit this DMS: the probe says so and exits 1
    assert status(f)["profile.types"] == "fail" and "ea:akte" in check(f, "profile.types").found


EXPECT: dict[str, Callable[[ProbeFindings], None]] = {"generic": _generic, "alfresco": _alfresco,
                                                      "restricted": _restricted, "enterprise": _enterprise}


@pytest.mark.parametrize(("personality", "binding", "profile"), CASES,
                         ids=[f"{p}-{b}" for p, b, _ in CASES])
def test_read_only_probe_finds_what_each_personality_offers(probed: Callable[..., Probed], personality: str,
                                                            binding: str, profile: str) -> None:
    """Read-only: only reads reach the DMS (its request counter: GET requests; over Web Services, where
    every request is a POST, SOAP read operations by name), the findings fit the personality, and the
    exit code says whether the chosen profile fits (1: it does not)."""
    sandbox = probed(personality, binding)
    sandbox.server.counter.reset()
    result, findings = sandbox.probe(EGOV_DMS_PROFILE=profile)
    counted = sandbox.counted()
    assert counted and writes(counted) == {}, counted
    if binding == "ws":
        assert all(op.removeprefix("POST ws:") in WS_READS for op in counted), counted
        requests = [e.request for c in findings.checks for e in c.evidence]
        assert "SOAP getTypeDescendants (with property definitions)" in requests  # no HTTP verbs in the evidence
        assert not [r for r in requests if r.startswith(("GET ", "POST "))], requests
    else:
        assert all(op.startswith("GET ") for op in counted), counted
    assert findings.mode == "read-only" and findings.binding == binding and findings.profile == profile
    assert status(findings)["repository.info"] == "pass" and status(findings)["types.tree"] == "pass"
    assert all(c.status == "skipped" for c in findings.checks if c.id.startswith(("write.", "names.", "scratch.")))
    EXPECT[personality](findings)
    assert result.exit_code == (1 if personality == "enterprise" else 0), result.stderr
    assert sandbox.scratch_children() == []


def test_without_a_profile_only_the_adapters_needs_count(probed: Callable[..., Probed]) -> None:
    """With EGOV_DMS_PROFILE naming no profile yet (the first hour), the enterprise DMS passes what the
    adapter itself needs and the report says a profile is missing."""
    sandbox = probed("enterprise")
    result, findings = sandbox.probe(EGOV_DMS_PROFILE="stadt")
    assert result.exit_code == 0, result.stderr
    assert check(findings, "profile").status == "skipped" and "no vendor profile 'stadt'" in check(
        findings, "profile").found
    assert findings.failed_needs == ()
