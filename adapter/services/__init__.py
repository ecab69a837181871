"""Use cases, one subpackage per capability of the product.

- ``records/``    file and read Akten, Teilakten, Vorgänge, Dokumente; assign Posteingang; search
- ``lifecycle/``  metadata updates, versions, deletion marks, zdA, final deletion under retention
- ``xdomea/``     xdomea messages (FVDaten 06xx, Abgabe 0401) applied to the DMS, with their receipts
- ``xta/``        the XTA inbox and outbox
- ``profile_check``  does a vendor profile fit the live DMS's types?

Services see the ports (``Dms``, ``Registry``, ``Journal`` ...), the loaded mappings and the xdomea
codec; they never see CMIS. Every write is idempotent: object UUIDs derive from idempotency keys, and
the DMS port settles lost answers by path, so a request repeated from a fresh process files once.
"""
