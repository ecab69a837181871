"""The record lifecycle after filing: metadata, versions, deletion marks, zdA, final deletion.

- ``service``     ``LifecycleService``: every operation idempotent
- ``mapping``     a change in DMS terms: only the changed canonical fields, through the class's mapping
- ``versioning``  a new version exactly once: checkOut -> checkIn, settled by the version series
- ``retention``   until when a record must be kept (pure)
"""
