"""Workers: claim journalled jobs, run them through the services, finish them by the error tree.

``runner.Worker`` is the loop (claim, heartbeat during the work, complete or fail, graceful stop);
``policy`` turns a domain error into retry-with-backoff or dead letter; ``filing`` is the handler
of ``filing`` jobs (spooled content -> ``FilingService.file``). Recovery needs no special start-up
step: ``claim`` hands out expired leases like due jobs, and every service write is idempotent, so
a job whose worker died mid-upload runs again and files exactly once.
"""

__all__: list[str] = []
