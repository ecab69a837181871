"""The CLI as an operator runs it against a sandbox (settings as EGOV_* variables), and what the
sandbox's store and request counter say."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import Result
from egov_sandbox.server import SandboxServer
from typer.testing import CliRunner
from ws_connector import CMIS_DIR

from adapter.bootstrap import cli_app
from adapter.config import load_settings
from adapter.domain.probe import ProbeFindings
from adapter.resources import MAPPINGS_DIR

ROOT = Path(__file__).resolve().parents[3]
GROUPS = "GROUP_personalstelle|GROUP_personalstelle-leitung|GROUP_umweltamt|GROUP_poststelle|GROUP_sachbearbeitung"
ADMIN_PASSWORD = "Adm1n-Geheim-7741"
SECOND_PASSWORD = "Zw31t-Geheim-9913"
USERS = f"admin:{ADMIN_PASSWORD}:{GROUPS},zweit:{SECOND_PASSWORD}"
SCRATCH = "/Probe"
WRITES = ("create", "update", "delete", "checkout", "checkin", "cancelcheckout", "applyacl", "setcontent",
          "appendcontent", "move")


#: the Web Services operations that only read (CMIS 1.1 part II §2.2: the get* operations and query)
WS_READS = frozenset({
    "getRepositories", "getRepositoryInfo", "getTypeChildren", "getTypeDescendants", "getTypeDefinition", "query",
    "getContentChanges", "getChildren", "getDescendants", "getFolderTree", "getFolderParent", "getObjectParents",
    "getCheckedOutDocs", "getObject", "getObjectByPath", "getProperties", "getAllowableActions", "getRenditions",
    "getContentStream", "getPropertiesOfLatestVersion", "getObjectOfLatestVersion", "getAllVersions",
    "getObjectRelationships", "getAppliedPolicies", "getACL"})


def scratch_folder(server: SandboxServer) -> None:
    """The folder the operator gives the probe (it must exist)."""
    props = {"cmis:name": SCRATCH.strip("/"), "cmis:objectTypeId": "cmis:folder"}
    server.repo.create_folder(server.repo.root_id, props, "admin")


@dataclass
class Probed:
    server: SandboxServer
    binding: str
    work: Path
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        urls = self.server.urls
        return {"browser": urls.browser, "atompub": urls.atom, "ws": urls.ws}[self.binding]

    def settings_env(self, **extra: str) -> dict[str, str]:
        return {"EGOV_DMS_URL": self.url, "EGOV_DMS_BINDING": self.binding, "EGOV_DMS_USER": "admin",
                "EGOV_DMS_PASSWORD": ADMIN_PASSWORD, "EGOV_DATA_DIR": str(self.work / "data"),
                "EGOV_MAPPINGS_DIR": str(MAPPINGS_DIR), "EGOV_DMS_PROBE_USER": "zweit",
                "EGOV_DMS_PROBE_PASSWORD": SECOND_PASSWORD, "EGOV_CMIS_DIR": str(CMIS_DIR), **self.env, **extra}

    def cli(self, *args: str, **env: str) -> Result:
        """``egov-adapter ARGS`` with the settings of ``settings_env`` (nothing from the test's environment)."""
        settings = load_settings(self.settings_env(**env))
        return CliRunner().invoke(cli_app(), list(args), obj=settings, catch_exceptions=False)

    def probe(self, *args: str, **env: str) -> tuple[Result, ProbeFindings]:
        result = self.cli("dms", "probe", "--json", *args, **env)
        return result, ProbeFindings.from_json(json.loads(result.stdout))

    def counted(self) -> Mapping[str, int]:
        by_operation: Mapping[str, int] = self.server.counter.snapshot()["by_operation"]
        return by_operation

    def scratch_children(self) -> list[str]:
        repo = self.server.repo
        return sorted(v.obj.name for v in repo.children(repo.resolve_path(SCRATCH, "admin"), "admin").items)


def is_read(operation: str) -> bool:
    """Whether a counted request only reads: a GET that is no Browser action, or a SOAP read operation by
    name (``POST ws:getObject``: SOAP is all POST, so the method says nothing there)."""
    if operation.startswith("POST ws:"):
        return operation.removeprefix("POST ws:") in WS_READS
    return operation.startswith("GET ") and not any(
        operation.lower().removeprefix("get ").startswith(w) for w in WRITES)


def writes(counted: Mapping[str, int]) -> dict[str, int]:
    """The requests among ``counted`` that are not reads (Browser actions, AtomPub POST/PUT/DELETE, SOAP writes)."""
    return {op: n for op, n in counted.items() if not is_read(op)}


def status(findings: ProbeFindings) -> dict[str, str]:
    return {c.id: c.status for c in findings.checks}


def check(findings: ProbeFindings, check_id: str) -> Any:
    found = findings.check(check_id)
    assert found is not None, check_id
    return found


def set_faults(server: SandboxServer, *rules: dict[str, Any], seed: int = 11) -> None:
    """Replace the sandbox's fault rules (in its process: the admin endpoint wants admin/admin)."""
    server.faults.configure(server.faults.rules_from_json(list(rules)), seed)


def folders_of_type(server: SandboxServer, type_id: str) -> list[str]:
    """Paths of the folders of ``type_id`` in the sandbox's store (walked, not queried: no index lag)."""
    repo, out, stack = server.repo, [], [("/", server.repo.root_id)]
    while stack:
        path, folder = stack.pop()
        for view in repo.children(folder, "admin").items:
            if view.obj.is_folder:
                child = path.rstrip("/") + "/" + view.obj.name
                stack.append((child, view.id))
                if view.obj.type_id == type_id:
                    out.append(child)
    return sorted(out)
