"""One in-memory fake per port of ``adapter/ports/``, for the unit tests of the services.

Each fake is written against its port's documented contract, and ``tests/unit/contracts/`` runs the
same assertions against the fake and the real adapter wherever the real one needs no network (so a
fake cannot drift from the adapter it stands for). Integration tests keep the sandbox as their peer.

=================  =============================================  ==============================================
fake               port                                           failures it simulates (how to trigger them)
=================  =============================================  ==============================================
``FakeDms``        ``dms.Dms`` + ``dms.TypeCatalog``              ``lose_answer(op)``, ``refuse(op, error)``,
                                                                  ``corrupt_uploads(n)``, ``rot(ref)``,
                                                                  ``index_lag``; counts ``requests`` per operation
``FakeRegistry``   ``registry.Registry`` + ``aktenzeichen.``      ``read_only`` (not writable)
                   ``AktenzeichenCounter``
``FakeJournal``    ``journal.Journal``                            ``unavailable`` (JournalUnavailable);
                                                                  leases expire on its clock
``FakeSpool``      ``spool.Spool``                                ``full`` (SpoolFull), ``max_bytes``
``FakeAudit``      ``audit.Audit``                                ``failing`` (the log cannot be written)
``FakeClock``      ``clock.Clock``                                ``advance``, ``set``
``FakeTransport``  ``transport.MessageTransport``                 ``lose_close_answer``, ``lose_send_answer``,
                                                                  ``fail_next(op, error)``, ``active``,
                                                                  ``report_status``; 9024 on a repeated MessageID
``FakeReplayStore`` ``replay.ReplayStore``                        ``read_only``; claims go stale on its clock
=================  =============================================  ==============================================

Helpers: ``BytesContent`` (a ``ContentSource`` over bytes) and ``BytesDownload``; ``FakeGraph`` builds the
record services as ``adapter.bootstrap`` does, on these fakes and the project's mapping files.
"""

from fakes.audit import FakeAudit
from fakes.clock import FakeClock
from fakes.content import BytesContent, BytesDownload
from fakes.dms import FakeDms
from fakes.graph import FakeGraph, project_mappings
from fakes.journal import FakeJournal
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
    "FakeRegistry",
    "FakeReplayStore",
    "FakeSpool",
    "FakeTransport",
    "Mailed",
    "SentMessage",
    "project_mappings",
]
