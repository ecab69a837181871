"""``draft_profile``: a vendor profile from findings that loads as written and says why for each choice."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from facts import enterprise, generic

from adapter.domain.probe import NameFacts
from adapter.mapping import MappingSet, load_mappings
from adapter.mapping.draft import draft_profile
from adapter.resources import MAPPINGS_DIR

REPO_MAPPINGS = MAPPINGS_DIR
OPEN = {"betreff", "aktenplaneinheit", "vertraulichkeit", "laufzeitBeginn", "laufzeitEnde", "aufbewahrungsdauer",
        "loeschmarkierung", "loeschsperre", "kennzeichen", "quellsystem"}
CHOICES = {"betreff": "x:titel", "aktenplaneinheit": "x:plan", "vertraulichkeit": "x:stufe", "laufzeitBeginn": "x:von",
           "laufzeitEnde": "x:bis", "aufbewahrungsdauer": "x:frist", "loeschmarkierung": "x:loesch",
           "kennzeichen": "x:tags", "quellsystem": "x:herkunft", "loeschsperre": "x:sperre"}


@pytest.fixture(scope="module")
def shipped() -> MappingSet:
    return load_mappings(REPO_MAPPINGS)


def _loads(tmp_path: Path, text: str) -> MappingSet:
    """The draft as the only profile beside the shipped record classes: load_mappings checks it all."""
    target = tmp_path / "m"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(REPO_MAPPINGS / "classes", target / "classes")
    (target / "profiles").mkdir()
    (target / "profiles" / "draft.yaml").write_text(text, encoding="utf-8")
    return load_mappings(target)


def test_strict_dms_draft_loads_as_written_and_leaves_the_rest_to_a_person(shipped: MappingSet,
                                                                            tmp_path: Path) -> None:
    """Types by display name, keys on shared properties, matched keys by name; the others unmapped with
    candidates of a fitting datatype, and the mandatory Titel reported."""
    result = draft_profile(enterprise(), shipped.classes, name="stadt")
    assert result.problems == ()
    profile = _loads(tmp_path, result.text).profile("stadt")
    assert {k: t.id for k, t in profile.types.items()} == {
        "akte": "x:T1", "teilakte": "x:T2", "vorgang": "x:T3", "dokument": "x:T9", "ordner": "cmis:folder"}
    assert profile.identity.secondary_type is None
    assert (profile.properties["objektUuid"].id, profile.properties["idempotenzschluessel"].id) == ("x:ext", "x:import")
    assert profile.properties["federfuehrung"].id == "x:ff" and profile.properties["zdA"].id == "x:zda"
    assert profile.unmapped == OPEN and {o.key for o in result.open} == OPEN
    laufzeit = next(o for o in result.open if o.key == "laufzeitBeginn")
    assert [c.id for c in laufzeit.candidates] == ["x:von", "x:bis"] and laufzeit.wants == "datetime"
    betreff = next(o for o in result.open if o.key == "betreff")
    assert "x:titel" in [c.id for c in betreff.candidates] and "x:medium" not in [c.id for c in betreff.candidates]
    assert next(c for c in betreff.candidates if c.id == "x:titel").mandatory_on == ("x:T1", "x:T2", "x:T3", "x:T9")
    assert "x:T1: x:titel (Titel)" in result.unmatched_mandatory
    assert dict(profile.permissions) == {"read": "x:lesen", "write": "x:schreiben", "all": "x:alles"}
    assert (profile.names.max_length, profile.names.case_insensitive) == (100, True)
    assert set(profile.names.forbidden_chars) == set('/\\:*?"<>|#%')
    assert (profile.content.max_size, profile.content.hash_property) == (4 * 1048576, False)
    assert "federfuehrung: x:ff, by its display name 'Federführung'" in result.text


def test_choices_fill_the_open_keys(shipped: MappingSet, tmp_path: Path) -> None:
    """--choose for every open key: nothing unmapped, every type lists the keys it holds, Titel is set."""
    result = draft_profile(enterprise(), shipped.classes, name="stadt", choices=CHOICES)
    assert result.problems == () and result.open == () and result.unmatched_mandatory == ()
    profile = _loads(tmp_path, result.text).profile("stadt")
    assert profile.unmapped == frozenset() and profile.properties["betreff"].id == "x:titel"
    assert {"betreff", "kennzeichen", "objektUuid"} <= profile.types["dokument"].properties
    assert "laufzeitBeginn" not in profile.types["dokument"].properties
    assert profile.properties["kennzeichen"].multi


def test_a_choice_that_does_not_fit_is_a_problem(shipped: MappingSet) -> None:
    """A property of another datatype, or one the types do not share, or an unknown key, is refused."""
    result = draft_profile(enterprise(), shipped.classes, choices={"laufzeitBeginn": "x:titel", "farbe": "x:az",
                                                                   "dokumentart": "x:az"})
    assert any(p.startswith("--choose laufzeitBeginn=x:titel: not a settable datetime") for p in result.problems)
    assert any("no record class maps a property key 'farbe'" in p for p in result.problems)
    assert any(p.startswith("--choose dokumentart=x:az") for p in result.problems)  # not on the document type


def test_no_place_for_our_keys_is_a_problem(shipped: MappingSet) -> None:
    """Without a property named like a UUID the draft says it cannot be used."""
    findings = enterprise()
    types = tuple(replace(t, properties=tuple(p for p in t.properties if p.id != "x:ext")) for t in findings.types)
    result = draft_profile(replace(findings, types=types), shipped.classes)
    assert any(p.startswith("no place for the UUID") for p in result.problems)


def test_keys_on_a_secondary_type_and_nothing_open(shipped: MappingSet, tmp_path: Path) -> None:
    """A generic-like DMS: our keys and quellsystem on the secondary type; every key matched by its id."""
    result = draft_profile(generic(), shipped.classes)
    assert result.open == () and result.problems == ()
    profile = _loads(tmp_path, result.text).profile("draft")
    assert profile.identity.secondary_type == "fremdschluessel"
    assert profile.types["fremdschluessel"].properties == {"objektUuid", "idempotenzschluessel", "quellsystem"}
    assert dict(profile.permissions) == {"read": "cmis:read", "write": "cmis:write", "all": "cmis:all"}
    assert profile.content.hash_property and profile.content.max_size is None
    assert (profile.query.like.supported, profile.query.in_.supported) == (True, True)


def test_read_only_findings_give_conservative_rules_and_query_fallbacks(shipped: MappingSet,
                                                                        tmp_path: Path) -> None:
    """Name rules not measured are conservative; queries refused get their fallbacks; a tilde refused by the
    DMS cannot be forbidden (sanitised names use it) and is reported."""
    findings = generic(mode="read-only", names=None, query=replace(generic().query, like=False, in_=False, or_=False))
    profile = _loads(tmp_path, draft_profile(findings, shipped.classes).text).profile("draft")
    assert profile.names.forbid_trailing_dot_or_space and profile.names.case_insensitive
    assert (profile.query.like.fallback, profile.query.in_.fallback, profile.query.or_.fallback) == (
        "client-filter", "split", "split")
    tilde = generic(names=NameFacts("/~", "", False, 255, 255, False, "nameConstraintViolation", 409))
    text = draft_profile(tilde, shipped.classes).text
    assert "PROBLEM: ~ is" in text and "sanitised names use it" in text
    assert yaml.safe_load(text)["names"]["forbidden_chars"] == "/"


def test_a_web_services_draft_says_how_the_services_were_reached(shipped: MappingSet, tmp_path: Path) -> None:
    """binding: ws and a ws section with the WSDL source and endpoint the probe used (not the defaults)."""
    findings = generic(binding="ws", url="https://dms.example/soap",
                       access={"wsdl": "dms", "endpoint": "{url}/services/{service}"})
    profile = _loads(tmp_path, draft_profile(findings, shipped.classes, name="stadt").text).profile("stadt")
    assert (profile.binding, profile.ws.wsdl, profile.ws.endpoint) == ("ws", "dms", "{url}/services/{service}")
    browser = draft_profile(generic(), shipped.classes, name="stadt").text
    assert "\nws:" not in browser and "binding: browser" in browser
