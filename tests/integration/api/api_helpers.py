"""Helpers of the API tests: the API on uvicorn (loopback, in a thread) over the embedded sandbox."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sandbox_store import stored_documents  # noqa: F401 - re-exported for the tests

from adapter.api.clients import ClientStore
from adapter.api.runtime import running_worker
from adapter.api.server import ApiServer, server_for
from adapter.api.settings import ApiSettings
from adapter.bootstrap import open_adapter
from adapter.config import load_settings
from adapter.graph import Adapter

#: the deployment's clients, as an operator would add them with ``egov-adapter clients add``
CLIENTS: dict[str, list[str]] = {
    "hr": ["personalakte:*", "posteingang:read"],
    "umwelt": ["umwelt-genehmigung:*", "posteingang:read"],
    "portal": ["umwelt-genehmigung:read"],
    "poststelle": ["posteingang:file", "posteingang:read"],
    "admin": ["*:*", "metrics"],
}

#: what a DMS id or URL of the sandbox looks like (object ids are 32 hex digits; URLs contain /cmis/)
DMS_LEAK = re.compile(r"\b[0-9a-f]{32}\b|/cmis/", re.I)


@dataclass
class Running:
    url: str
    adapter: Adapter
    server: ApiServer
    store: ClientStore
    tokens: dict[str, str]

    def client(self, name: str | None = "admin", **headers: str) -> httpx.Client:
        auth = {"Authorization": f"Bearer {self.tokens[name]}"} if name else {}
        return httpx.Client(base_url=self.url, headers={**auth, **headers}, timeout=60)

    @property
    def sandbox(self) -> Any:
        return self.adapter.sandbox


@contextmanager
def running_api(tmp: Path, tls: dict[str, Any] | None = None, environ: dict[str, str] | None = None,
                settings_overrides: dict[str, Any] | None = None, **api: Any) -> Iterator[Running]:
    """The API on loopback; ``environ`` adds EGOV_* variables, ``settings_overrides`` settings fields,
    ``api`` sets ``ApiSettings`` fields."""
    data = tmp / "data"
    settings = load_settings(environ or {}, data_dir=data, worker_poll_seconds=0.1, journal_retry_base_seconds=0.5,
                             **(settings_overrides or {}))
    api_settings = ApiSettings(clients_file=data / "api-clients.json",
                               spool_dir=data / "api-uploads", **api)
    store = ClientStore(api_settings.clients_file)
    tokens = {name: store.add(name, scopes) for name, scopes in CLIENTS.items()}
    with open_adapter(settings) as adapter, running_worker(adapter, api_settings) as worker:
        server = server_for(adapter, api_settings, "127.0.0.1", 0, clients=store, worker=worker, tls=tls)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the API did not start")
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        try:
            yield Running(f"{'https' if tls else 'http'}://127.0.0.1:{port}", adapter, server, store, tokens)
        finally:
            server.stop()
            thread.join(30)


def wait_for_job(client: httpx.Client, location: str, timeout: float = 60) -> dict[str, Any]:
    """Poll a job until it is finished; its last representation."""
    deadline = time.monotonic() + timeout
    while True:
        shown: dict[str, Any] = client.get(location).json()
        if shown["state"] in ("done", "failed", "discarded") or time.monotonic() > deadline:
            return shown
        time.sleep(0.1)


def upload(client: httpx.Client, path: str, fields: dict[str, str], data: bytes, name: str = "scan.pdf",
           **headers: str) -> httpx.Response:
    files = {"datei": (name, data, "application/pdf")}
    return client.post(path, data=fields, files=files, headers=headers)


def assert_no_dms_leak(response: httpx.Response) -> None:
    assert not DMS_LEAK.search(response.text), response.text
    for key, value in response.headers.items():
        if key.lower() != "etag":  # the ETag is the content's SHA-256 (64 hex digits), not a DMS id
            assert not DMS_LEAK.search(value), (key, value)
