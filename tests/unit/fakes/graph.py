"""``FakeGraph``: the services built as ``adapter.bootstrap.open_adapter`` builds them, on the fakes.

The project's own mapping files (``mappings/``) and a vendor profile (``generic`` unless named), a
``FakeDms`` with that profile's types, one ``FakeRegistry`` as registry and counter (as the SQLite
registry is both), a ``FakeAudit``, a ``FakeClock`` for the lifecycle, and the record services wired
exactly like bootstrap wires them. ``restart`` is a fresh adapter process against the same DMS: new
services and, unless one is passed, a new (empty) registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from adapter.mapping import MappingSet, VendorProfile, load_mappings
from adapter.resources import MAPPINGS_DIR
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.filing import FilingService
from adapter.services.records.reading import ReadingService
from adapter.services.records.search import SearchService
from adapter.services.records.service import RecordService
from fakes.audit import FakeAudit
from fakes.clock import FakeClock
from fakes.dms import FakeDms
from fakes.registry import FakeRegistry

__all__ = ["MAPPINGS_DIR", "FakeGraph", "project_mappings"]



@cache
def project_mappings() -> MappingSet:
    """The project's mapping files, loaded (and checked) once per test session."""
    return load_mappings(MAPPINGS_DIR)


@dataclass
class FakeGraph:
    mappings: MappingSet
    profile: VendorProfile
    dms: FakeDms
    registry: FakeRegistry
    audit: FakeAudit
    clock: FakeClock
    records: RecordService
    reading: ReadingService
    filing: FilingService
    lifecycle: LifecycleService
    search: SearchService

    @classmethod
    def build(cls, profile: str = "generic", *, dms: FakeDms | None = None, registry: FakeRegistry | None = None,
              clock: FakeClock | None = None, audit: FakeAudit | None = None) -> FakeGraph:
        mappings = project_mappings()
        prof = mappings.profile(profile)
        clock = clock or FakeClock()
        dms = dms or FakeDms.for_profile(prof, clock=clock)
        registry = registry or FakeRegistry()
        audit = audit or FakeAudit(clock=clock)
        # as bootstrap.open_adapter: the registry is also the Aktenzeichen counter
        records = RecordService(dms, mappings, prof, registry, registry, audit, clock=clock)
        reading = ReadingService(dms, mappings, prof, registry, records, audit)
        filing = FilingService(records)
        lifecycle = LifecycleService(records, dms, audit, clock=clock, dms_user=dms.user)
        search = SearchService(dms, mappings, prof, registry)
        return cls(mappings, prof, dms, registry, audit, clock, records, reading, filing, lifecycle, search)

    def restart(self, registry: FakeRegistry | None = None) -> FakeGraph:
        """Another adapter process on the same DMS (and audit trail, clock): a new registry unless given."""
        return FakeGraph.build(self.profile.key, dms=self.dms, registry=registry or FakeRegistry(),
                               clock=self.clock, audit=self.audit)
