"""Ports: the Protocols services depend on, one module per outside system.

``journal.Journal`` is the durable work log (outbox) with fenced leases; ``clock.Clock`` gives the
current time so tests control it without sleeping. Adapters implement these; services and workers
see only the Protocols. Import the concrete module (``adapter.ports.journal``); this package
re-exports nothing so that adding a port never touches this file.
"""

__all__: list[str] = []
