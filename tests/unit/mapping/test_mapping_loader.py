"""Loading mapping files: the shipped ones load; broken ones give every problem with file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adapter.domain.errors import ConfigurationError, InvalidInput
from adapter.mapping import MappingProblems, load_mappings
from adapter.resources import MAPPINGS_DIR

REPO_MAPPINGS = MAPPINGS_DIR

GOOD_CLASS = """\
class: probe
title: Probe
aktenplan: "12.01"
path: "/Probe/{aktenzeichen}"
types:
  akte: akte
  dokument: dokument
  container: ordner
properties:
  folders:
    - {property: betreff, field: betreff}
  dokument:
    - {property: betreff, field: betreff}
"""


@pytest.fixture
def mapdir(tmp_path: Path) -> Path:
    shutil.copytree(REPO_MAPPINGS, tmp_path / "m")
    return tmp_path / "m"


def _problems(directory: Path) -> list[tuple[str, int, str]]:
    with pytest.raises(MappingProblems) as info:
        load_mappings(directory)
    return [(Path(p.file).name, p.line, p.message) for p in info.value.problems]


def _has(problems: list[tuple[str, int, str]], name: str, line: int, text: str) -> bool:
    return any(p[0] == name and p[1] == line and text in p[2] for p in problems)


def test_every_shipped_mapping_file_loads() -> None:
    """All files in mappings/ load: three classes and the generic, generic-ws, alfresco and restricted profiles."""
    mapping_set = load_mappings(REPO_MAPPINGS)
    assert sorted(mapping_set.classes) == ["personalakte", "posteingang", "umwelt-genehmigung"]
    assert sorted(mapping_set.profiles) == ["alfresco", "generic", "generic-ws", "restricted"]
    files = {Path(rc.source).name for rc in mapping_set.classes.values()}
    assert files == {p.name for p in (REPO_MAPPINGS / "classes").glob("*.yaml")}


def test_generic_profile_matches_the_sandbox_types() -> None:
    """The generic profile names exactly the sandbox's ea: type ids and the fremdschluessel secondary."""
    generic = load_mappings(REPO_MAPPINGS).profile("generic")
    ids = {key: t.id for key, t in generic.types.items()}
    assert ids == {
        "ordner": "cmis:folder",
        "akte": "ea:akte",
        "teilakte": "ea:teilakte",
        "vorgang": "ea:vorgang",
        "dokument": "ea:dokument",
        "fremdschluessel": "ea:fremdschluessel",
    }
    assert generic.properties["kennzeichen"].multi and generic.properties["laufzeitBeginn"].type == "datetime"
    assert generic.properties[generic.identity.uuid_property].id == "ea:objektUuid"
    restricted = load_mappings(REPO_MAPPINGS).profile("restricted")
    assert restricted.content.max_size == 100 * 1024 * 1024 and not restricted.query.in_.supported


def test_generic_ws_is_the_generic_profile_over_soap() -> None:
    """generic-ws differs from generic only in its binding and how that binding is reached (no drift)."""
    profiles = load_mappings(REPO_MAPPINGS).profiles
    generic, soap = profiles["generic"], profiles["generic-ws"]
    assert (soap.binding, soap.ws.wsdl, soap.ws.endpoint) == ("ws", "official", "{url}/{service}")
    same = ("types", "properties", "identity", "permissions", "names", "query", "content")
    assert all(getattr(soap, field) == getattr(generic, field) for field in same)


def test_unknown_keys_raise_the_right_errors() -> None:
    """An unknown class is the caller's error; an unknown profile a configuration error."""
    mapping_set = load_mappings(REPO_MAPPINGS)
    with pytest.raises(InvalidInput):
        mapping_set.record_class("nope")
    with pytest.raises(ConfigurationError):
        mapping_set.profile("nope")


def test_several_problems_in_one_class_file_all_reported(mapdir: Path) -> None:
    """Schema and cross-check problems of one file come together, each at its line."""
    (mapdir / "classes" / "broken.yaml").write_text(
        GOOD_CLASS.replace('aktenplan: "12.01"', "aktenplan: 12.01").replace(  # line 3: a number
            "  akte: akte", "  akte: aktentyp"
        )  # line 6: not in the profiles
        + "    - {property: zdA, field: zda, transform: magic}\n"  # line 14
        + "    - {property: medium, field: farbe}\n"  # line 15
        + "colour: blue\n",  # line 16
        encoding="utf-8",
    )
    problems = _problems(mapdir)
    assert _has(problems, "broken.yaml", 3, "is not of type 'string'")
    assert _has(problems, "broken.yaml", 6, "type key 'aktentyp' is not defined by profile 'generic'")
    assert _has(problems, "broken.yaml", 6, "profile 'alfresco'")
    assert _has(problems, "broken.yaml", 14, "unknown transform 'magic'")
    assert _has(problems, "broken.yaml", 15, "unknown canonical field 'farbe'")
    assert _has(problems, "broken.yaml", 16, "unknown key 'colour'")


def test_problems_across_files_and_duplicates(mapdir: Path) -> None:
    """Problems in two files are all listed; duplicate ids and duplicate YAML keys are found."""
    (mapdir / "classes" / "twin.yaml").write_text(GOOD_CLASS.replace("class: probe", "class: personalakte"))
    (mapdir / "classes" / "dupkey.yaml").write_text(
        GOOD_CLASS.replace("title: Probe\n", "title: Probe\ntitle: B\n").replace(
            "class: probe", "class: probe2"
        )
    )
    (mapdir / "profiles" / "broken.yaml").write_text("profile: broken\nbinding: smoke\n")
    problems = _problems(mapdir)
    assert _has(problems, "twin.yaml", 1, "duplicate class id 'personalakte'")
    assert _has(problems, "dupkey.yaml", 3, "duplicate key 'title' (first at line 2)")
    assert _has(problems, "broken.yaml", 2, "'smoke' is not one of")
    assert _has(problems, "broken.yaml", 1, "'types' is a required property")


def test_property_and_transform_cross_checks(mapdir: Path) -> None:
    """Wrong property for the type, incompatible value kinds, code list gaps and own keys are refused."""
    body = GOOD_CLASS + (
        "    - {property: aktenzeichen, field: aktenzeichen}\n"  # 14: not on ea:dokument
        "    - {property: eingangsdatum, field: betreff}\n"  # 15: string into datetime
        "    - {property: medium, field: medium, transform: codelist, values: {'001': e}}\n"  # 16: gaps
        "    - {property: objektUuid, field: uuid}\n"  # 17: the adapter's own key
        "    - {property: kennzeichen, transform: constant, value: x, field: betreff}\n"  # 18
        "    - {property: gibtsnicht, field: betreff}\n"  # 19
    )
    (mapdir / "classes" / "probe.yaml").write_text(body, encoding="utf-8")
    problems = _problems(mapdir)
    assert _has(problems, "probe.yaml", 14, "'aktenzeichen' is not on type 'ea:dokument'")
    assert _has(problems, "probe.yaml", 15, "a string value cannot go into 'eingangsdatum'")
    assert _has(problems, "probe.yaml", 16, "codes 002, 003 of Medium have no DMS value")
    assert _has(problems, "probe.yaml", 17, "holds the adapter's own keys")
    assert _has(problems, "probe.yaml", 18, "transform 'constant' takes no field")
    assert _has(problems, "probe.yaml", 19, "property key 'gibtsnicht' is not defined by profile 'generic'")


def test_path_and_format_checks(mapdir: Path) -> None:
    """Bad Aktenzeichen formats, unknown path fields, missing levels and unquoted code keys are found."""
    body = (
        GOOD_CLASS.replace('path: "/Probe/{aktenzeichen}"', 'path: "/Probe/{jahrgang}"').replace(
            "title: Probe", "title: Probe\naktenzeichen_format: '{aktenplan}{jahr}{nummer}'"
        )
        + "    - {property: medium, field: medium, transform: codelist,\n"
        + "       values: {001: e, '002': h, '003': p}}\n"
    )
    (mapdir / "classes" / "probe.yaml").write_text(body, encoding="utf-8")
    problems = _problems(mapdir)
    assert _has(problems, "probe.yaml", 3, "fields need a separator")
    assert _has(problems, "probe.yaml", 5, "unknown canonical field 'jahrgang'")
    assert _has(problems, "probe.yaml", 7, "types.akte set but the path has no akte segment")
    assert _has(problems, "probe.yaml", 16, "key 1 is not a text (quote it)")


def test_profile_cross_checks(mapdir: Path) -> None:
    """A profile type listing an undefined property, a bad replacement and a missing fallback are found."""
    text = (mapdir / "profiles" / "generic.yaml").read_text(encoding="utf-8")
    text = (
        text.replace(
            "properties: [objektUuid, idempotenzschluessel, quellsystem]",
            "properties: [objektUuid, idempotenzschluessel, quelle]",
        )
        .replace('replacement: "_"', 'replacement: "/"')
        .replace("like: {supported: true}", "like: {supported: false}")
    )
    (mapdir / "profiles" / "generic.yaml").write_text(text, encoding="utf-8")
    problems = _problems(mapdir)
    lines = text.splitlines()
    assert _has(
        problems,
        "generic.yaml",
        lines.index("    properties: [objektUuid, idempotenzschluessel, quelle]") + 1,
        "undefined property key 'quelle'",
    )
    assert _has(problems, "generic.yaml", lines.index('  replacement: "/"') + 1, "itself not allowed")
    assert _has(problems, "generic.yaml", lines.index("  like: {supported: false}") + 1, "needs a fallback")


def test_yaml_syntax_error_has_its_line(mapdir: Path) -> None:
    """A YAML syntax error is reported at its line and does not hide other files' problems."""
    (mapdir / "classes" / "syntax.yaml").write_text(
        "class: x\ntitle: [unclosed\npath: /a\n", encoding="utf-8"
    )
    (mapdir / "classes" / "empty.yaml").write_text("", encoding="utf-8")
    problems = _problems(mapdir)
    assert any(p[0] == "syntax.yaml" and p[1] in (2, 3) and p[2].startswith("YAML:") for p in problems)
    assert _has(problems, "empty.yaml", 1, "the file is empty")


def test_missing_directory_is_a_configuration_error(tmp_path: Path) -> None:
    """A mapping directory that does not exist is a ConfigurationError, not a crash."""
    with pytest.raises(ConfigurationError):
        load_mappings(tmp_path / "nowhere")
