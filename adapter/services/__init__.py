"""Use cases: create an Akte, ensure a Teilakte/Vorgang, file a document, assign Posteingang, read.

Services see the ports (``Dms``, ``Registry``, ``AktenzeichenCounter``) and the loaded mappings;
they never see CMIS. Every write is idempotent: object UUIDs derive from idempotency keys, and the
DMS port settles lost answers by path, so a request repeated from a fresh process files once.
"""
