"""Adding a version exactly once: checkOut -> checkIn(major) with the content, settled by the series.

Each version we check in carries ``egov-adapter <idempotency key>`` as its check-in comment. An
attempt first lists the series (one request): a version with our comment means it is done (a lost
answer, a redelivered message); a PWC (a crash between checkOut and checkIn, or a lost checkOut
answer) is resumed, not checked out again; otherwise the latest version is checked out. A lost
checkIn or checkOut answer (``OutcomeUnknown``) or a ``Conflict`` (someone moved the series on)
leads to another look at the series, at most ``ATTEMPTS`` times. Normal case: 3 round trips
(versions, checkOut, checkIn), plus a read-back when the DMS reports no hash and the profile asks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import structlog

from adapter.domain.errors import Conflict, IntegrityError, OutcomeUnknown
from adapter.ports.dms import ContentSource, Dms, DmsItem, DmsRef, PropertyValue

__all__ = ["ATTEMPTS", "COMMENT_PREFIX", "CheckedOutElsewhere", "VersionInfo", "add_version_once", "version_info"]

log = structlog.get_logger(__name__)

COMMENT_PREFIX = "egov-adapter "
ATTEMPTS = 4


class CheckedOutElsewhere(Conflict):
    """The series is checked out by another DMS user: their working copy is not ours to check in."""


@dataclass(frozen=True)
class VersionInfo:
    """One version of a document in our terms: our document id, label, size and hash; no DMS ids."""

    dokument: UUID
    label: str
    major: bool
    size: int | None
    sha256: str | None
    created: datetime | None


def version_info(dokument: UUID, item: DmsItem) -> VersionInfo:
    return VersionInfo(dokument, item.version_label or "", item.is_major_version is True,
                       item.content_length, item.content_sha256, item.created_at)


def add_version_once(dms: Dms, ref: DmsRef, key: str, properties: dict[str, PropertyValue],
                     content: ContentSource, *, read_back: bool, owner: str | None = None) -> DmsItem:
    """The version carrying ``key``: found in the series, or checked in now (see the module docstring)."""
    comment = COMMENT_PREFIX + key
    conflict: Conflict | None = None
    for attempt in range(1, ATTEMPTS + 1):
        series = dms.versions(ref)
        done = next((v for v in series if not v.is_private_working_copy and v.checkin_comment == comment),
                    None)
        if done is not None:
            log.info("lifecycle.version_found", attempt=attempt)
            return done
        pwc = next((v for v in series if v.is_private_working_copy), None)
        try:
            if pwc is None:
                latest = next(v for v in series if v.is_latest_version)
                pwc = dms.check_out(latest.ref)
            else:
                holder = pwc.checked_out_by
                if owner is not None and holder not in (None, owner):
                    raise CheckedOutElsewhere("the document is checked out by another DMS user",
                                              detail={"checked_out": True})
                log.info("lifecycle.pwc_resumed", attempt=attempt)
            new = dms.check_in(pwc.ref, properties, content, major=True, comment=comment)
        except OutcomeUnknown:
            log.info("lifecycle.version_outcome_unknown", attempt=attempt)
            conflict = None
            continue
        except CheckedOutElsewhere:
            raise
        except Conflict as exc:
            log.info("lifecycle.version_conflict", attempt=attempt)
            conflict = exc
            continue
        _verify(dms, new, content, read_back)
        return new
    if conflict is not None:
        raise conflict  # the DMS keeps refusing (not versionable, locked): not worth another try
    raise OutcomeUnknown("the new version could not be settled; try again", detail={"attempts": ATTEMPTS})


def _verify(dms: Dms, item: DmsItem, content: ContentSource, read_back: bool) -> None:
    if item.content_length is not None and item.content_length != content.size:
        ok = False
    elif item.content_sha256 is not None:
        ok = item.content_sha256 == content.sha256
    elif read_back:
        digest, download = hashlib.sha256(), dms.open_content(item.ref)
        try:
            for chunk in download.chunks():
                digest.update(chunk)
        finally:
            download.close()
        ok = digest.hexdigest() == content.sha256
    else:
        ok = True
    if not ok:
        raise IntegrityError("the DMS stored a version whose content differs from the upload",
                             detail={"expected_sha256": content.sha256})
