"""The durable journal (outbox) of work in flight, and the spool that holds its content.

Nothing is lost, nothing is done twice: a request is journalled (idempotent by kind + client +
key, with a request fingerprint) before it is acknowledged; workers ``claim`` jobs with an expiring
lease and a fencing token, record each DMS step as it completes (so a resumed job skips it), and
finish with the result a redelivered request receives again. A worker that lost its lease can no
longer write (``LeaseLost``). Failed attempts are retried on a backoff schedule and dead-lettered
after ``max_attempts``; operators retry or discard dead letters (``egov-adapter jobs``).

Modules: ``model`` (pure state machine), ``errors``, ``_sql`` (the one behaviour in portable SQL),
``sqlite`` / ``postgres`` (connections, locking, types), ``migrations`` (ordered schema steps),
``factory.open_journal(url)``, ``spool`` (content files in flight).

Retention: finished jobs keep only key, fingerprint and result (payload and steps are dropped at
``done``); ``purge(older_than)`` removes done, dead-lettered and discarded jobs after the retention
period, after which a redelivered request is treated as new.
"""

from adapter.journal.factory import open_journal, open_shared_journal

__all__ = ["open_journal", "open_shared_journal"]
