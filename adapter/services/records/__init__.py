"""Records: Akten, Teilakten, Vorgänge and Dokumente filed into the DMS and read back.

- ``service``    ``RecordService``: create an Akte, ensure a container, file a document, assign Posteingang
- ``filing``     ``FilingService``: the one filing use case every entry point shares (plain-data request)
- ``intake``     queued filings: content into the spool, a journal job, then the acknowledgement
- ``reading``    the E-Akte tree of an Aktenzeichen and a document's content, streamed
- ``search``     records of a class and level whose canonical field equals a value
- ``writer``     a mapped record into DMS objects: create by path, adopt on a repeat, verify the content
- ``placement``  registry entries back into the minimal records the mapping needs (pure)
- ``zda``        zdA markers in the registry, so filing refuses a closed container without a DMS request
- ``auditing``   one audit entry per access to a record of a confidential class
"""
