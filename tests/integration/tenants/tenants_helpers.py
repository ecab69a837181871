"""The two-tenant deployment of these tests, built as ``egov-adapter serve`` builds it from a tenants file."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from egov_sandbox.server import SandboxServer
from egov_sandbox.xta import CaFiles, XtaPeer

from adapter.api.clients import ClientStore
from adapter.api.console.operators import OperatorStore
from adapter.api.runtime import running_worker
from adapter.api.server import ApiServer, server_for
from adapter.api.settings import ApiSettings
from adapter.bootstrap import open_tenants, tenant_worker
from adapter.config import Settings, load_settings
from adapter.graph import Tenants

TENANTS = ("aachen", "region")
#: each tenant's API clients (one tenant each) and console operators
CLIENTS = {"aachen-fv": ("aachen", ["*:*"]), "region-fv": ("region", ["*:*"])}
OPERATORS = {"op-aachen": ["aachen"], "op-region": ["region"], "op-all": ["*"]}


def tenants_yaml(dms: dict[str, SandboxServer], ca: CaFiles, peer: XtaPeer, secrets: Path,
                 aachen_user: str = "admin") -> str:
    """The tenants file: generic and alfresco DMS, passwords by file and by variable, one mailbox each."""
    (secrets / "aachen-dms").write_text(f"{aachen_user}\n")  # the sandbox users' passwords are their names
    return f"""\
default_tenant: aachen
tenants:
  - id: aachen
    name: Stadt Aachen
    dms:
      url: {dms['aachen'].urls.browser}
      profile: generic
      user: {aachen_user}
      password: {{file: {secrets / 'aachen-dms'}}}
    xta:
      url: {peer.base_url}
      party: "aachen:01"
      client_cert: {ca.clients['aachen:01'][0]}
      client_key: {ca.clients['aachen:01'][1]}
      ca_bundle: {ca.ca_cert}
    jobs: {{max_running: 2}}
  - id: region
    name: StädteRegion
    dms:
      url: {dms['region'].urls.browser}
      profile: alfresco
      user: admin
      password: {{env: EGOV_TEST_REGION_DMS_PASSWORD}}
    xta:
      url: {peer.base_url}
      party: "region:02"
      client_cert: {ca.clients['region:02'][0]}
      client_key: {ca.clients['region:02'][1]}
      ca_bundle: {ca.ca_cert}
"""


@dataclass
class Deployment:
    url: str
    tenants: Tenants
    settings: Settings
    api: ApiSettings
    dms: dict[str, SandboxServer]
    tokens: dict[str, str]
    passwords: dict[str, str]
    server: ApiServer
    tenants_file: Path

    def client(self, name: str, **headers: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {self.tokens[name]}", **headers},
                            timeout=60)


@contextmanager
def running_deployment(tmp: Path, pg_url: str, start_sandbox: Callable[..., SandboxServer], users: str,
                       ca: CaFiles, peer: XtaPeer, aachen_user: str = "admin", **api: Any) -> Iterator[Deployment]:
    dms = {"aachen": start_sandbox(tmp / "dms-aachen", users=users, profile="generic"),
           "region": start_sandbox(tmp / "dms-region", users=users, profile="alfresco")}
    (tmp / "secrets").mkdir()
    tenants_file = tmp / "tenants.yaml"
    tenants_file.write_text(tenants_yaml(dms, ca, peer, tmp / "secrets", aachen_user), encoding="utf-8")
    data = tmp / "data"
    settings = load_settings({}, data_dir=data, journal_url=pg_url, tenants_file=tenants_file,
                             worker_poll_seconds=0.1, journal_retry_base_seconds=0.5, journal_max_attempts=3)
    api_settings = ApiSettings(clients_file=data / "api-clients.json", spool_dir=data / "api-uploads",
                               operators_file=data / "console-operators.json",
                               console_key_file=data / "console-session.key", **api)
    store = ClientStore(api_settings.clients_file)
    tokens = {name: store.add(name, scopes, tenant=tenant) for name, (tenant, scopes) in CLIENTS.items()}
    operators = OperatorStore(api_settings.operators_file)
    passwords = {name: operators.add(name, tenants) for name, tenants in OPERATORS.items()}
    with open_tenants(settings) as tenants:
        default = tenants.get("aachen")

        def factory(worker_id: str, poll: float) -> Any:
            return tenant_worker(settings, tenants, worker_id, poll_seconds=poll)

        with running_worker(default, api_settings, factory) as worker:
            server = server_for(default, api_settings, "127.0.0.1", 0, clients=store, worker=worker, tenants=tenants)
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            deadline = time.monotonic() + 20
            while not server.started:
                if time.monotonic() > deadline or not thread.is_alive():
                    raise RuntimeError("the API did not start")
                time.sleep(0.02)
            port = server.servers[0].sockets[0].getsockname()[1]
            try:
                yield Deployment(f"http://127.0.0.1:{port}", tenants, settings, api_settings, dms, tokens, passwords,
                                 server, tenants_file)
            finally:
                server.stop()
                thread.join(30)


def wait_done(client: httpx.Client, location: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        shown: dict[str, Any] = client.get(location).json()
        if shown["state"] in ("done", "failed", "dead_letter", "discarded") or time.monotonic() > deadline:
            return shown
        time.sleep(0.1)


def folder_id(server: SandboxServer, name: str) -> str:
    """The DMS id of the (first) folder called ``name`` in the sandbox's store."""
    repo, stack = server.repo, [server.repo.root_id]
    while stack:
        for view in repo.children(stack.pop(), "admin").items:
            if view.obj.is_folder:
                if view.obj.name == name:
                    return str(view.id)
                stack.append(view.id)
    raise LookupError(name)


def exit_code(result: Any) -> int:
    """The exit code ``egov-adapter`` gives (its root maps domain errors; typer's runner does not)."""
    from adapter.cli.main import exit_code_for
    from adapter.domain.errors import AdapterError

    return exit_code_for(result.exception) if isinstance(result.exception, AdapterError) else int(result.exit_code)
