"""Property-based tests against our OpenAPI document (schemathesis), as a client with every scope.

Every generated request must be answered without a server error and in the documented shape; every
operation must get past authentication at least once (a non-401 answer). Bounded: a few dozen
examples per operation, no shrinking deadline.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from api_helpers import DMS_LEAK, Running, running_api
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

seen: dict[str, set[int]] = defaultdict(set)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """The API with a rate limit high enough for generated traffic."""
    with running_api(tmp_path_factory.mktemp("fuzz"), rate_limit_per_minute=10**6, rate_limit_burst=10**6) as running:
        yield running


@pytest.fixture(scope="module")
def api_schema(api: Running) -> Any:
    return schemathesis.openapi.from_url(f"{api.url}/openapi.json")


def _operations(api_schema: Any) -> list[Any]:
    return [result.ok() for result in api_schema.get_all_operations()]


def test_api_property_based(api: Running, api_schema: Any) -> None:
    """No 5xx, documented status codes, content types and bodies; no DMS id or URL in any answer."""
    auth = {"Authorization": f"Bearer {api.tokens['admin']}"}
    checks = [status_code_conformance, content_type_conformance, response_schema_conformance]
    for operation in _operations(api_schema):

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def run(case: Any) -> None:
            response = case.call_and_validate(base_url=api.url, headers=auth, checks=checks)
            seen[f"{case.method.upper()} {case.path}"].add(response.status_code)
            assert response.status_code < 500, response.text
            if "octet-stream" not in response.headers.get("content-type", ""):
                assert not DMS_LEAK.search(response.text), response.text

        run()


def test_every_operation_got_past_authentication(api_schema: Any) -> None:
    """Each operation of the document was called and answered with something other than 401 at least once."""
    operations = {f"{op.method.upper()} {op.path}" for op in _operations(api_schema)}
    assert operations and operations <= set(seen), operations - set(seen)
    assert not [op for op in operations if seen[op] <= {401}]
