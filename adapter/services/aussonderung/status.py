"""Where each Aussonderung stands, from the ledger: per process its objects by state, its messages, refusals."""

from __future__ import annotations

from collections import Counter
from typing import Any

from adapter.domain.aussonderung import FINISHED
from adapter.ports.aussonderung import AussonderungLedger, LedgerMessage, LedgerObject, Process

__all__ = ["process_status", "summary"]


def _message(m: LedgerMessage) -> dict[str, Any]:
    out: dict[str, Any] = {"richtung": m.direction, "typ": m.message_type, "nummer": m.number, "von": m.total,
                           "zeit": m.at.isoformat(), "ergebnis": m.outcome}
    if m.outcome != "ok":
        out |= {"rueckmeldung": m.code, "grund": m.reason}
    return out


def _object(o: LedgerObject) -> dict[str, Any]:
    return {"id": str(o.uuid), "ebene": o.level, "betreff": o.betreff, "aktenzeichen": o.aktenzeichen,
            "zustand": str(o.state), "entscheidung": o.decision, "nachricht": o.part, "archivkennung": o.archive_id,
            "geaendert_durch": o.message}


def summary(ledger: AussonderungLedger, process: Process) -> dict[str, Any]:
    objects = ledger.objects(process.process_id)
    states = Counter(str(o.state) for o in objects)
    return {"prozess_id": process.process_id, "version": process.version, "archiv": process.archive,
            "art": process.kind, "angelegt": process.created.isoformat(), "bearbeiter": process.clerk,
            "objekte": len(objects), "zustaende": dict(sorted(states.items())),
            "abgeschlossen": bool(objects) and all(o.state in FINISHED for o in objects),
            "nachrichten": [_message(m) for m in ledger.messages(process.process_id)]}


def process_status(ledger: AussonderungLedger, process_id: str) -> dict[str, Any]:
    """One process with every object; a ProzessID we never started shows only the messages refused for it."""
    process = ledger.process(process_id)
    if process is None:
        return {"prozess_id": process_id, "bekannt": False,
                "nachrichten": [_message(m) for m in ledger.messages(process_id)]}
    return {**summary(ledger, process), "bekannt": True,
            "objekte_einzeln": [_object(o) for o in ledger.objects(process_id)]}
