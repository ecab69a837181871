"""Helpers of the service unit tests: commands as the entry points build them, on the project's classes.

Imported by module name (``from services_helpers import ...``), as the integration tests import theirs.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fakes import BytesContent, FakeGraph

from adapter.domain.commands import CreateAkte, FileDocument
from adapter.domain.idempotency import IdempotencyKey
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.ports.registry import RegistryEntry

__all__ = ["CLERK", "UMWELT", "akte_command", "create_akte", "file_into", "this_year"]

CLERK = Bearbeiter(kennung="meier-01")
UMWELT = "umwelt-genehmigung"


def this_year(graph: FakeGraph, record_class: str = UMWELT) -> int:
    """The year a new Akte's Aktenzeichen carries (the graph's clock in the class's zone)."""
    return graph.clock.now().astimezone(graph.mappings.record_class(record_class).zone).year


def akte_command(graph: FakeGraph, betreff: str = "Kläranlage Süd", *, record_class: str = UMWELT,
                 key: str | None = "fv-4711") -> CreateAkte:
    rc = graph.mappings.record_class(record_class)
    return CreateAkte(bearbeiter=CLERK, record_class=rc.key, aktenplaneinheit=rc.aktenplaneinheit,
                      metadaten=Metadaten(betreff=betreff),
                      idempotency_key=IdempotencyKey.of_caller(key) if key else None)


def create_akte(graph: FakeGraph, betreff: str = "Kläranlage Süd", *, record_class: str = UMWELT,
                key: str | None = "fv-4711") -> RegistryEntry:
    return graph.records.create_akte(akte_command(graph, betreff, record_class=record_class, key=key))


def file_into(graph: FakeGraph, container: UUID | None, content: BytesContent, betreff: str = "Antrag", *,
              record_class: str = UMWELT, eingang: datetime | None = None) -> FileDocument:
    """The command that files ``content`` into ``container`` (its class's intake when None)."""
    return FileDocument(bearbeiter=CLERK, record_class=record_class, metadaten=Metadaten(betreff=betreff),
                        dateien=(content.as_file(),), target_id=container, eingangsdatum=eingang)
