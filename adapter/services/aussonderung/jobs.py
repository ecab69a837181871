"""The Aussonderung's journal jobs: messages sent exactly once, deletion passes, worked in recorded steps.

* ``aussonderung-send`` (key ``<ProzessID>:<Typ>:<LfdNr>``): one message container we built. Over XTA:
  ``message-id`` (createMessageId, kept before sending), ``sent`` (the container streamed from its
  file; the server's 9024 after a crash means it was accepted already: sent once), ``report``. As a
  file hand-over (``dir:<folder>``): ``written`` (copied and renamed into the folder atomically). The
  container file is removed once the job is done.
* ``aussonderung-delete`` (key ``<ProzessID>:delete:<message>``): one deletion pass of a process
  (``deletion.DeletionPass``); every deletion is idempotent and recorded in the ledger, so a pass
  interrupted anywhere is simply run again.

``JobRunner.run_due`` claims due jobs of both kinds (those a crash left too, once their lease ran
out) and works them; it extends the lease while it works. Transient failures retry on the journal's
backoff, other refusals dead-letter the job (``egov-adapter jobs``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import structlog

from adapter.domain.errors import AdapterError, InvalidInput, LeaseLost, TransientError
from adapter.domain.jobs import Job, JobError, backoff
from adapter.domain.messages import Code, Content, MessageMeta, OutgoingMessage, Party
from adapter.ports.clock import Clock
from adapter.ports.journal import Journal
from adapter.ports.transport import MessageTransport
from adapter.services.aussonderung.config import AussonderungConfig
from adapter.xoev.xdomea.aussonderung_build import namespace_of
from adapter.xoev.xdomea.versions import has_basis_head

__all__ = ["JOB_DELETE", "JOB_SEND", "JobRunner", "Steps"]

log = structlog.get_logger(__name__)
JOB_SEND, JOB_DELETE = "aussonderung-send", "aussonderung-delete"
CLIENT = "aussonderung"
SERVICE = "urn:xoev-de:xdomea:kosit:standard:xdomea"
NACHRICHTENTYP = "urn:xoev-de:xdomea:codeliste:nachrichtentyp"


class Steps:
    """A claimed job's recorded steps: each runs once; the lease is extended as they pass."""

    def __init__(self, journal: Journal, job: Job, config: AussonderungConfig, clock: Clock) -> None:
        self.journal, self.job, self.config, self.clock = journal, job, config, clock
        self._beat = clock.now()

    def step(self, name: str, produce: Callable[[], Mapping[str, Any]]) -> Mapping[str, Any]:
        done = self.job.step(name)
        if done is None:
            self.job = self.journal.record_step(self.job.id, self.job.lease_token, name, produce())
            done = self.job.step(name)
        assert done is not None
        self.alive()
        return done.result

    def alive(self) -> None:
        """Extend the lease when a third of it has passed (long sends, long deletion passes)."""
        if (self.clock.now() - self._beat) * 3 >= self.config.lease:
            self.job = self.journal.heartbeat(self.job.id, self.job.lease_token, self.config.lease)
            self._beat = self.clock.now()


class JobRunner:
    def __init__(self, journal: Journal, config: AussonderungConfig, clock: Clock,
                 transport: Callable[[], MessageTransport]) -> None:
        self.journal, self.config, self.clock, self.transport = journal, config, clock, transport
        #: the deletion pass (``deletion.DeletionPass``), set by the service that owns both
        self.delete: Callable[[Steps], Mapping[str, Any]] = _no_deletion
        self.worker = f"aussonderung-{os.getpid()}"

    def enqueue_send(self, process_id: str, version: str, code: str, number: int, path: Path, name: str,
                     target: str, sha256: str) -> Job:
        key = f"{process_id}:{code}:{number}"
        payload = {"process_id": process_id, "version": version, "code": code, "number": number, "path": str(path),
                   "name": name, "target": target, "sha256": sha256}
        job, _created = self.journal.enqueue(Job.new(kind=JOB_SEND, client=CLIENT, idempotency_key=key,
                                                     request={"key": key, "sha256": sha256}, payload=payload,
                                                     now=self.clock.now()))
        return job

    def enqueue_delete(self, process_id: str, trigger: str) -> Job:
        key = f"{process_id}:delete:{trigger}"
        job, _created = self.journal.enqueue(Job.new(kind=JOB_DELETE, client=CLIENT, idempotency_key=key,
                                                     request={"key": key}, payload={"process_id": process_id},
                                                     now=self.clock.now()))
        return job

    def find(self, kind: str, key: str) -> Job | None:
        return self.journal.find_by_key(kind, CLIENT, key)

    def run_due(self) -> list[Mapping[str, Any]]:
        """Work every due Aussonderung job; their results."""
        done = []
        for _ in range(self.config.max_jobs):
            job = self.journal.claim(self.worker, self.config.lease, kinds=[JOB_SEND, JOB_DELETE])
            if job is None:
                break
            steps = Steps(self.journal, job, self.config, self.clock)
            try:
                result = self._send(steps) if job.kind == JOB_SEND else self.delete(steps)
                self.journal.complete(job.id, steps.job.lease_token, result)
                done.append(result)
            except LeaseLost:
                log.warning("aussonderung.job_lease_lost", job=str(job.id))
            except AdapterError as exc:
                retry = self.clock.now() + backoff(job.attempts) if isinstance(exc, TransientError) else None
                self.journal.fail(job.id, steps.job.lease_token, JobError(exc.code, type(exc).__name__), retry)
                log.warning("aussonderung.job_failed", job=str(job.id), kind=job.kind, reason=exc.code,
                            retry=retry is not None)
        return done

    # --- sending ------------------------------------------------------------------------------

    def _send(self, steps: Steps) -> Mapping[str, Any]:
        p = steps.job.payload
        path, target = Path(str(p["path"])), str(p["target"])
        if target.startswith("dir:"):
            written = steps.step("written", lambda: self._write(path, Path(target[4:]), str(p["name"])))
            result = {"target": "dir", **written}
        else:
            client = self.transport()
            ident = steps.step("message-id", lambda: {"message_id": client.create_message_id()})
            message_id = str(ident["message_id"])
            sent = steps.step("sent", lambda: self._xta(client, p, path, message_id))
            report = steps.step("report", lambda: {"status": client.transport_report(message_id).status})
            result = {"target": "xta", "message_id": message_id, **sent, **report}
        path.unlink(missing_ok=True)
        log.info("aussonderung.sent", message_type=p["code"], number=p["number"], target=result["target"])
        return {"process_id": p["process_id"], "code": p["code"], "number": p["number"], "name": p["name"], **result}

    def _write(self, path: Path, folder: Path, name: str) -> dict[str, Any]:
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / name
        if not final.exists():
            partial = folder / f".{name}.partial"
            shutil.copyfile(path, partial)
            with partial.open("rb") as stream:
                os.fsync(stream.fileno())
            os.replace(partial, final)
        return {"file": str(final)}

    def _xta(self, client: MessageTransport, p: Mapping[str, Any], path: Path, message_id: str) -> dict[str, Any]:
        version = str(p["version"])
        namespace, list_version = namespace_of(version), "3.0" if has_basis_head(version) else "2.0"
        meta = MessageMeta(message_id, client.party, Party(self.config.archive.kennung), SERVICE,
                           Code(str(p["code"]), NACHRICHTENTYP, list_version), namespace, self.config.scenario,
                           subject=str(p["name"])[:250])
        try:
            client.send(OutgoingMessage(meta, Content(path, "application/zip", str(p["name"]))))
        except InvalidInput as exc:
            if exc.detail.get("error_code") != "9024":
                raise
            return {"repeated": True, "at": self.clock.now().isoformat()}
        return {"repeated": False, "at": self.clock.now().isoformat()}


def _no_deletion(steps: Steps) -> Mapping[str, Any]:
    raise NotImplementedError("the job runner was built without its deletion pass")
