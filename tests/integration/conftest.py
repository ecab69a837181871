"""Fixtures every integration folder shares: the mapping files, the sandbox's users, PostgreSQL and the
two journal backends (the ``sandbox`` fixture itself comes from the ``egov_sandbox.testing`` plugin).

PostgreSQL tests get a fresh schema per test (``search_path`` in the URL), dropped afterwards;
``EGOV_TEST_PG_URL`` points them at another server. Without a reachable PostgreSQL they SKIP with
the reason, unless ``CI=true``: then they FAIL. This is the one place that rule lives.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapter.mapping import MappingSet, load_mappings
from adapter.resources import MAPPINGS_DIR

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("EGOV_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def mappings() -> MappingSet:
    """The project's own mapping files, loaded and checked once per test run."""
    return load_mappings(MAPPINGS_DIR)


@pytest.fixture
def sandbox_users(mappings: MappingSet) -> str:
    """Users of the shared ``sandbox`` fixture: admin in every group the record classes grant access
    to (so their ACLs apply as they are), and two clerks outside most of them for refusals."""
    groups = sorted({g.principal for rc in mappings.classes.values() if rc.access for g in rc.access.grants})
    return "admin:admin:" + "|".join(groups) + ",meier:meier:GROUP_umweltamt,pers:pers:GROUP_personalstelle"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL schema (skip, or fail with CI=true, when PostgreSQL is unreachable)."""
    import psycopg

    try:
        admin = psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL unreachable at {PG_URL}: {type(exc).__name__}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true: postgres tests must run)")
        pytest.skip(reason)
    schema = f"egov_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{PG_URL}?options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def journal_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A journal URL for each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'journal.db'}"
    return str(request.getfixturevalue("pg_url"))
