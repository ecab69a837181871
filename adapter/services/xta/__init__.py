"""XTA 2 traffic of the DMS: the inbox (poll, keep, file, answer) and the outbox (send from a DMS folder).

- ``inbox``    poll -> keep in the journal -> close -> route -> receipts to the author, exactly once
- ``journal``  the poller's sink that keeps a fetched message in the journal before ``close``
- ``route``    where an incoming message goes: the xdomea import, or the Posteingang as received
- ``outbox``   documents put in ``<outbox>/<party>/`` are sent and moved to ``<sent>/<party>/``
"""
