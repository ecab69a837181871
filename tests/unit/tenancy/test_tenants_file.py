"""The tenants file: each tenant's own settings, secrets by reference, and every problem at its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapter.config import load_settings
from adapter.tenancy import TenantsProblems, load_tenants, parse_tenants

GOOD = """\
default_tenant: aachen
tenants:
  - id: aachen
    name: Stadt Aachen
    dms:
      url: https://dms.aachen.example/cmis/browser
      profile: alfresco
      user: adapter
      password: {file: secrets/aachen-dms}
    xta:
      url: https://xta.example
      party: "psw:05334002"
      client_cert: certs/aachen.p12
      client_cert_password: {env: AACHEN_XTA_PW}
    xdomea:
      classes: {"psw:1": personalakte}
    jobs: {max_running: 3}
  - id: region
    dms:
      url: https://dms.region.example/cmis/browser
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "aachen-dms").write_text("s3cret\n")
    return tmp_path


def _parse(folder: Path, text: str, env: dict[str, str] | None = None, **base: object) -> object:
    settings = load_settings({}, data_dir=folder / "data", tenants_file=folder / "tenants.yaml", **base)
    return parse_tenants(folder / "tenants.yaml", text, settings, env if env is not None else {"AACHEN_XTA_PW": "pw"})


def _problems(folder: Path, text: str, **kwargs: object) -> list[str]:
    with pytest.raises(TenantsProblems) as caught:
        _parse(folder, text, **kwargs)
    return [str(p) for p in caught.value.problems]


def test_each_tenant_gets_its_own_settings_over_the_global_ones(folder: Path) -> None:
    """DMS, secrets, XTA identity, data folder (under EGOV_DATA_DIR/tenants), rules and limits are per tenant;
    the journal is the shared one."""
    config = _parse(folder, GOOD)
    aachen, region = config.tenants["aachen"], config.tenants["region"]  # type: ignore[attr-defined]
    assert config.default == "aachen" and config.limits == {"aachen": 3}  # type: ignore[attr-defined]
    assert aachen.settings.tenant == "aachen" and aachen.settings.dms_profile == "alfresco"
    assert aachen.settings.dms_password.get_secret_value() == "s3cret"
    assert aachen.settings.xta_client_cert_password.get_secret_value() == "pw"
    assert aachen.settings.xta_client_cert == folder / "certs" / "aachen.p12"  # relative to the file
    assert aachen.xta_identity == ("https://xta.example", "psw:05334002")
    assert aachen.settings.xdomea_classes_by_sender == {"psw:1": "personalakte"}
    assert aachen.settings.data_dir == folder / "data" / "tenants" / "aachen"
    assert region.settings.dms_profile == "generic" and region.settings.xta_party is None
    shared = f"sqlite:///{(folder / 'data' / 'journal.db').resolve()}"
    assert aachen.settings.journal == region.settings.journal == shared


def test_unknown_keys_are_refused_at_their_line(folder: Path) -> None:
    """A typo in a key names the file, the line and the key."""
    problems = _problems(folder, GOOD.replace("    jobs: {max_running: 3}", "    job: {max_running: 3}"))
    assert problems == [f"{folder / 'tenants.yaml'}:17: tenants[0]: unknown key 'job'"]


def test_an_inline_secret_is_refused(folder: Path) -> None:
    """A password written into the file is refused: secrets come by reference only."""
    problems = _problems(folder, GOOD.replace("password: {file: secrets/aachen-dms}", "password: geheim"))
    assert any(":9: " in p and "never inline" in p for p in problems), problems


def test_missing_secrets_are_refused(folder: Path) -> None:
    """A secret file that is not there and an unset variable: both named, at their lines."""
    problems = _problems(folder, GOOD.replace("secrets/aachen-dms", "secrets/nope"), env={})
    assert any(":9: " in p and "secrets/nope cannot be read" in p for p in problems), problems
    assert any(":14: " in p and "AACHEN_XTA_PW is not set" in p for p in problems), problems


def test_two_tenants_on_one_xta_identity_are_refused(folder: Path) -> None:
    """The second tenant naming the first one's mailbox is refused at its line."""
    text = GOOD + """    xta:
      url: https://xta.example
      party: "psw:05334002"
      client_cert: certs/region.p12
"""
    problems = _problems(folder, text)
    assert problems == [f"{folder / 'tenants.yaml'}:23: tenant 'region' has the same XTA identity (mailbox) as "
                        "tenant 'aachen' (line 3): each tenant needs its own"]


def test_two_tenants_on_one_dms_repository_or_data_folder_are_refused(folder: Path) -> None:
    """Two tenants on the same DMS repository, or with one data folder, could read each other's records."""
    text = GOOD.replace("dms.region.example", "dms.aachen.example")
    assert any("same DMS repository" in p for p in _problems(folder, text))
    text = GOOD.replace("  - id: region\n", "  - id: region\n    data_dir: data/tenants/aachen\n")
    assert any("same data folder" in p for p in _problems(folder, text))


def test_each_tenant_has_its_own_aussonderung_ledger_and_authority(folder: Path) -> None:
    """The ledger lies in the tenant's data folder, the Behoerdenkennung is its XTA party unless the file names
    one; the archive may be shared (a regional archive), the ledger and the authority never."""
    text = GOOD.replace("    jobs: {max_running: 3}\n", "    jobs: {max_running: 3}\n    aussonderung:\n"
                        "      archive: \"psw:archiv\"\n      version: \"4.0.0\"\n      db: ledgers/aachen.db\n")
    config = _parse(folder, text, aussonderung_archive="psw:landesarchiv")
    aachen, region = config.tenants["aachen"], config.tenants["region"]  # type: ignore[attr-defined]
    assert aachen.settings.aussonderung_ledger == folder / "ledgers" / "aachen.db"
    assert aachen.settings.aussonderung_archive == "psw:archiv" and aachen.settings.aussonderung_version == "4.0.0"
    assert region.settings.aussonderung_ledger == folder / "data" / "tenants" / "region" / "aussonderung.db"
    assert region.settings.aussonderung_archive == "psw:landesarchiv"
    assert aachen.settings.aussonderung_authority is None and aachen.settings.xta_party == "psw:05334002"
    shared = text.replace("  - id: region\n", "  - id: region\n    aussonderung: {db: ledgers/aachen.db}\n")
    assert any("same Aussonderung ledger" in p for p in _problems(folder, shared))
    problems = _problems(folder, GOOD, aussonderung_db=folder / "one.db")
    assert any("EGOV_AUSSONDERUNG_DB is set" in p for p in problems), problems


def test_duplicate_ids_unknown_default_and_global_dms_settings_are_refused(folder: Path) -> None:
    """Ids are unique, the default is a listed tenant, and EGOV_DMS_URL beside a tenants file is refused."""
    assert any("listed twice" in p for p in _problems(folder, GOOD.replace("id: region", "id: aachen")))
    assert any("default_tenant 'nope'" in p for p in _problems(folder, GOOD.replace("default_tenant: aachen",
                                                                                     "default_tenant: nope")))
    problems = _problems(folder, GOOD, dms_url="https://global.example/cmis")
    assert any("EGOV_DMS_URL is set" in p for p in problems)


def test_production_needs_each_tenants_dms(folder: Path) -> None:
    """In production a tenant without dms.url is a configuration error at its entry."""
    problems = _problems(folder, GOOD + "  - id: dorf\n", mode="production")
    assert any(":21: tenant 'dorf'" in p and "EGOV_DMS_URL is required" in p for p in problems), problems


def test_broken_yaml_names_its_line(folder: Path) -> None:
    """Not YAML at all: the parser's line."""
    problems = _problems(folder, "tenants:\n  - id: a\n   bad: [\n")
    assert len(problems) == 1 and ":3: YAML" in problems[0]


def test_without_a_file_the_one_tenant_is_the_global_settings(tmp_path: Path) -> None:
    """No EGOV_TENANTS_FILE: one default tenant whose settings are exactly the global ones."""
    settings = load_settings({}, data_dir=tmp_path)
    config = load_tenants(settings)
    assert config.ids == ("default",) and config.default == "default"
    assert config.tenants["default"].settings is settings


def test_an_unreadable_file_is_a_configuration_error(tmp_path: Path) -> None:
    """A tenants file that does not exist is refused with its name."""
    settings = load_settings({}, data_dir=tmp_path, tenants_file=tmp_path / "missing.yaml")
    with pytest.raises(TenantsProblems, match=r"missing\.yaml:0: cannot read"):
        load_tenants(settings)
