"""What the console's pages show, read from one tenant's graph: German labels, ages, and jobs as rows.

Jobs are shown by kind, state, attempts, age, step names and error (our code, its problem type, the
DMS's own error code, our message); never their payload, content or personal data. A finished job's
result shows only its ids (our UUID, Aktenzeichen, level, class, XTA MessageIDs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from adapter.api.problems import PROBLEMS, TYPE_BASE
from adapter.domain.jobs import Job, JobState
from adapter.graph import Adapter

__all__ = ["KINDS", "STATES", "JobRow", "age", "job_row", "list_jobs", "result_ids"]

STATES: Mapping[str, str] = {
    "accepted": "angenommen", "staged": "wartet", "running": "läuft", "failed": "Wiederholung geplant",
    "done": "erledigt", "dead_letter": "Dead Letter", "discarded": "verworfen"}
KINDS: Mapping[str, str] = {
    "filing": "Ablage", "api-xdomea": "xdomea (API)", "xdomea": "xdomea-Import", "xdomea-part": "xdomea-Teilnachricht",
    "xta-in": "XTA-Eingang", "xta-out": "XTA-Ausgang"}
_IDS = ("id", "dokument", "aktenzeichen", "ebene", "klasse", "record_class", "message_id", "route", "prozess_id",
        "message_type")


def age(since: datetime, now: datetime | None = None) -> str:
    """``vor 5 min`` style."""
    seconds = max(0, int(((now or datetime.now(UTC)) - since).total_seconds()))
    if seconds < 60:
        return f"vor {seconds} s"
    if seconds < 3600:
        return f"vor {seconds // 60} min"
    if seconds < 86400:
        return f"vor {seconds // 3600} h"
    return f"vor {seconds // 86400} d"


@dataclass(frozen=True)
class JobRow:
    id: str
    kind: str
    kind_label: str
    state: str
    state_label: str
    attempts: str
    created: str
    age: str
    error_code: str | None
    error_message: str | None
    error_dms: str | None
    problem_type: str | None
    problem_title: str | None
    steps: tuple[str, ...]
    client: str
    key: str
    updated: str
    next_attempt: str
    finished: str | None
    result: Mapping[str, str]
    dead: bool


def result_ids(result: Mapping[str, Any] | None) -> dict[str, str]:
    """The ids in a job's result (and in its ``filed``/``dokument`` parts): never other values."""
    found: dict[str, str] = {}
    if not result:
        return found
    for source in (result, result.get("dokument") or {}, result.get("akte") or {}):
        if isinstance(source, Mapping):
            for key in _IDS:
                if key in source and isinstance(source[key], str | int) and key not in found:
                    found[key] = str(source[key])
    if isinstance(result.get("receipts"), list):
        found["receipts"] = str(len(result["receipts"]))
    if isinstance(result.get("filed"), list):
        found["filed"] = str(len(result["filed"]))
    return found


def job_row(job: Job, now: datetime | None = None) -> JobRow:
    error = job.last_error
    problem = PROBLEMS.get(error.code) if error else None
    return JobRow(
        id=str(job.id), kind=job.kind, kind_label=KINDS.get(job.kind, job.kind), state=str(job.state),
        state_label=STATES.get(str(job.state), str(job.state)), attempts=f"{job.attempts}/{job.max_attempts}",
        created=job.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"), age=age(job.created_at, now),
        error_code=error.code if error else None, error_message=error.message if error else None,
        error_dms=error.dms if error else None,
        problem_type=f"{TYPE_BASE}{error.code}" if error and problem else None,
        problem_title=f"{problem[0]} {problem[1]}" if problem else None,
        steps=tuple(step.name for step in job.steps), client=job.client, key=job.idempotency_key,
        updated=age(job.updated_at, now), next_attempt=job.next_attempt_at.astimezone(UTC).strftime("%H:%M:%S UTC"),
        finished=age(job.finished_at, now) if job.finished_at else None, result=result_ids(job.result),
        dead=job.state is JobState.DEAD_LETTER)


def list_jobs(graph: Adapter, state: str | None, kind: str | None, min_age_minutes: int | None,
              limit: int = 200) -> list[JobRow]:
    """The tenant's jobs, newest first, filtered by state, kind and a minimum age."""
    wanted = JobState(state) if state is not None and state in STATES else None
    now = datetime.now(UTC)
    jobs = graph.journal.list(wanted, 1000, newest_first=True)
    rows = [job_row(j, now) for j in jobs
            if (not kind or j.kind == kind)
            and (not min_age_minutes or now - j.created_at >= timedelta(minutes=min_age_minutes))]
    return rows[:limit]
