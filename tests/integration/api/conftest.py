"""One API over one embedded sandbox per test module (starting both takes about a second)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_helpers import Running, running_api


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with running_api(tmp_path_factory.mktemp("api")) as running:
        yield running
