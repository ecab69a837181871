"""The DMS probe (``egov-adapter dms probe``): what a repository offers and enforces, as findings.

- ``wire.py``     ``ProbeWire``: what the probe asks of one binding (implemented in
  ``cmis_browser/probe.py``, ``cmis_atom/probe.py`` and ``cmis_ws/probe.py``).
- ``runner.py``   ``DmsProbe.run(options)``: the read-only checks, and with a scratch folder the write checks.
- ``reading.py``  read-only checks (repository, types, keys, ACL capabilities, queries, latency).
- ``scratch.py``  the run folder inside the scratch folder, leftovers of killed runs, the cleanup.
- ``writing.py``, ``names.py``, ``behaviour.py``  write checks (objects, content, name rules,
  versioning, ACLs, query lag, content size).
- ``record.py``   evidence and checks as they are made; ``content.py`` generated upload content.

The findings are plain values (``adapter.domain.probe``); what the chosen profile needs is judged by
``adapter.dms.probe.fit``, the profile draft is ``adapter.mapping.draft``.
"""

from adapter.dms.probe.fit import fit
from adapter.dms.probe.record import ProbeProgress
from adapter.dms.probe.runner import DmsProbe, ProbeOptions, public_url
from adapter.dms.probe.wire import ProbeWire

__all__ = ["DmsProbe", "ProbeOptions", "ProbeProgress", "ProbeWire", "fit", "public_url"]
