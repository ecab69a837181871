"""Every handled type through the import service in 3.1.0 and 4.0.0 (the case the CLI, API and XTA tests run too)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from egov_sandbox.server import SandboxServer
from records_helpers import stored_documents
from xdomea_checks import sha
from xdomea_scenario import HANDLED, SENDERS, every_type

from adapter.services.xdomea.importer import XdomeaImportService
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules


@pytest.mark.parametrize("version", ["3.1.0", "4.0.0"])
def test_every_handled_type_through_the_service(version: str, importer: Callable[..., XdomeaImportService],
                                                sandbox: SandboxServer, catalog: SchemaCatalog,
                                                tmp_path: Path) -> None:
    """0604 … 0615 and 0401 one after another on one case: each answered as expected, valid in its version."""
    service = importer(ImportRules(classes_by_sender=SENDERS))
    count = iter(range(100))

    def send(built):  # type: ignore[no-untyped-def]
        folder = tmp_path / str(next(count))
        folder.mkdir()
        return service.import_file(built.container(folder)).receipts

    assert every_type(version, send, catalog) == HANDLED
    stored = list(stored_documents(sandbox).values())  # what the DMS holds, downloaded and hashed
    assert len(stored) == 4 and stored.count(sha(b"%PDF 2")) == 1 and stored.count(sha(b"%PDF b")) == 2  # + the note
