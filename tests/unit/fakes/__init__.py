"""One in-memory fake per port of ``adapter/ports/``, for the unit tests of the services.

Each fake is written against its port's documented contract, and ``tests/unit/contracts/`` runs the
same assertions against the fake and the real adapter wherever the real one needs no network (so a
fake cannot drift from the adapter it stands for). Integration tests keep the sandbox as their peer.

Fakes, the ports they stand for (``adapter/ports/``), and how to trigger the failures they simulate:

- ``FakeDms``: ``dms.Dms`` and ``dms.TypeCatalog``. ``lose_answer(op)`` (commit, then OutcomeUnknown),
  ``refuse(op, error, times)``, ``corrupt_uploads(n)``, ``rot(ref)``, ``index_lag``; counts ``requests``
  per operation, keeps ``updates`` and ``downloads``.
- ``FakeRegistry``: ``registry.Registry`` and ``aktenzeichen.AktenzeichenCounter``. ``read_only``.
- ``FakeJournal``: ``journal.Journal`` (``tenant=None``: ``journal.TenantJournals``).
  ``unavailable`` (JournalUnavailable); leases expire on its clock.
- ``FakeSpool``: ``spool.Spool``. ``full`` (SpoolFull), ``max_bytes`` (SpoolLimitExceeded).
- ``FakeAudit``: ``audit.Audit``. ``failing`` (the log cannot be written: OSError).
- ``FakeClock``: ``clock.Clock``. ``advance``, ``set``.
- ``FakeTransport``: ``transport.MessageTransport``. ``deliver``, ``lose_close_answer``, ``lose_send_answer``,
  ``fail_next(op, error)``, ``active``, ``report_status``; 9024 on a repeated MessageID.
- ``FakeReplayStore``: ``replay.ReplayStore``. ``read_only``; claims go stale and expire on its clock.
- ``FakeLedger``: ``aussonderung.AussonderungLedger``. ``failing_saves`` (the next saves raise OSError).

Helpers: ``BytesContent`` (a ``ContentSource`` over bytes) and ``BytesDownload``; ``FakeGraph`` builds the
record services as ``adapter.bootstrap`` does, on these fakes and the project's mapping files.
"""

from fakes.audit import FakeAudit
from fakes.clock import FakeClock
from fakes.content import BytesContent, BytesDownload
from fakes.dms import FakeDms
from fakes.graph import FakeGraph, project_mappings
from fakes.journal import FakeJournal
from fakes.ledger import FakeLedger
from fakes.registry import FakeRegistry
from fakes.replay import FakeReplayStore
from fakes.spool import FakeSpool
from fakes.transport import FakeTransport, Mailed, SentMessage

__all__ = [
    "BytesContent",
    "BytesDownload",
    "FakeAudit",
    "FakeClock",
    "FakeDms",
    "FakeGraph",
    "FakeJournal",
    "FakeLedger",
    "FakeRegistry",
    "FakeReplayStore",
    "FakeSpool",
    "FakeTransport",
    "Mailed",
    "SentMessage",
    "project_mappings",
]
