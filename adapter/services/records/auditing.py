"""Audit hook of the record services: one entry per access to a record of a confidential class.

A class is confidential when its mapping sets ``vertraulichkeit_mindestens`` (the Personalakte).
The outcome is ``ok``, ``refused`` (an ``InputError``: not found, not allowed, invalid) or
``failed`` (anything else). Other classes are not audited.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from uuid import UUID

from adapter.domain.errors import InputError
from adapter.mapping.model import RecordClass
from adapter.ports.audit import Action, Audit, Outcome

__all__ = ["AuditNote", "audited"]


@dataclass
class AuditNote:
    """What the audited block learns on the way (the Aktenzeichen of a new Akte)."""

    aktenzeichen: str | None = None


@contextmanager
def audited(audit: Audit | None, rc: RecordClass, action: Action, record: UUID, clerk: str,
            aktenzeichen: str | None = None) -> Iterator[AuditNote]:
    note = AuditNote(aktenzeichen)
    if audit is None or rc.vertraulichkeit_mindestens is None:
        yield note
        return
    try:
        yield note
    except InputError:
        audit.record(action, record=record, clerk=clerk, outcome=Outcome.REFUSED, aktenzeichen=note.aktenzeichen)
        raise
    except Exception:
        audit.record(action, record=record, clerk=clerk, outcome=Outcome.FAILED, aktenzeichen=note.aktenzeichen)
        raise
    audit.record(action, record=record, clerk=clerk, outcome=Outcome.OK, aktenzeichen=note.aktenzeichen)
