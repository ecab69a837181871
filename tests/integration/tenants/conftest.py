"""Two municipalities in one deployment: two sandboxes with different personalities and vendor profiles
(``aachen``: generic, ``region``: alfresco), one PostgreSQL journal, one API with the in-process fair
worker, an XTA test peer with one mailbox per tenant, and the console's operators.

PostgreSQL comes from ``pg_url`` (tests/integration/conftest.py): skipped without it, failed with CI=true.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from egov_sandbox.server import SandboxServer
from egov_sandbox.xta import CaFiles, XtaPeer, make_test_ca

ROOT = Path(__file__).resolve().parents[3]
for folder in ("api", "xdomea", "xta"):
    sys.path.insert(0, str(ROOT / "tests" / "integration" / folder))

from tenants_helpers import Deployment, running_deployment  # noqa: E402

SCHEMA_DIR = ROOT.parent / "shared" / "xoev"
PARTIES = ["aachen:01", "region:02", "fv:09"]

pytestmark = pytest.mark.network


@pytest.fixture
def xta_ca(tmp_path_factory: pytest.TempPathFactory) -> CaFiles:
    return make_test_ca(tmp_path_factory.mktemp("tenants-xta-ca"), PARTIES)


@pytest.fixture
def xta_peer(tmp_path: Path, xta_ca: CaFiles) -> Iterator[XtaPeer]:
    with XtaPeer(SCHEMA_DIR / "xta" / "2.1.1", xta_ca, PARTIES, tmp_path / "peer") as peer:
        yield peer


@pytest.fixture
def deployment(tmp_path: Path, pg_url: str, start_sandbox: Callable[..., SandboxServer], sandbox_users: str,
               xta_ca: CaFiles, xta_peer: XtaPeer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Deployment]:
    monkeypatch.setenv("EGOV_TEST_REGION_DMS_PASSWORD", "admin")
    with running_deployment(tmp_path, pg_url, start_sandbox, sandbox_users, xta_ca, xta_peer) as running:
        yield running
