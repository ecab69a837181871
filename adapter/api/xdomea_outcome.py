"""An xdomea import's outcome in the API's terms: the JSON of ``POST /xdomea`` and of its job's result.

ProzessID, message type, the receipts (0629/0630 as XML, base64 in ``content_base64``), each entry
with the sender's id and our UUIDs, and ``problem`` (RFC 9457, as the error answers) when the message
was refused in whole or in part, and ``parts``: how many messages of a 4.x process sent in several
messages are here (it is filed once all are).
"""

from __future__ import annotations

import base64
from typing import Any

from adapter.api.problems import problem_body, problem_for
from adapter.domain.errors import DocumentRefused
from adapter.services.xdomea.importer import ImportOutcome

__all__ = ["outcome_json"]


def outcome_json(outcome: ImportOutcome) -> dict[str, Any]:
    receipts = [{"name": name, "media_type": "application/xml", "content_base64": base64.b64encode(data).decode()}
                for name, data in sorted(outcome.receipts.items())]
    entries = [{"number": e.number, "fv_id": e.fv_id, "filed": e.ok, "reason": e.reason,
                "objects": [{"xdomea_id": o.xdomea_id, "id": o.our_id, "ebene": o.level,
                             "aktenzeichen": o.aktenzeichen} for o in e.objects] if e.ok else []}
               for e in outcome.entries]
    problem = None
    if outcome.error is not None:
        slug, detail, extensions = problem_for(outcome.error)
        if isinstance(outcome.error, DocumentRefused) and outcome.error.problems:
            extensions["problems"] = [{"line": line, "message": text} for line, text in outcome.error.problems[:100]]
        problem = problem_body(slug, detail, **extensions)
    parts = {"received": outcome.parts[0], "total": outcome.parts[1]} if outcome.parts else None
    return {"prozess_id": outcome.process_id, "message_type": outcome.message_type,
            "redelivered": outcome.redelivered, "receipts": receipts, "entries": entries, "problem": problem,
            "parts": parts}
