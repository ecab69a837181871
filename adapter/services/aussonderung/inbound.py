"""The archive's messages as the xdomea import hands them over: 0502, 0504, 0506, 0507.

Every message is checked before anything changes, then kept in the ledger once (its number within
the process; the same message again is a redelivery: nothing changes, the same answer is returned),
then applied:

* 0502 Bewertungsverzeichnis: each named object's decision is kept. Once every message of the
  evaluation is here (4.x may split it: ``GesamtanzahlNachrichtenProTyp``) the evaluation is final:
  each offered object is to be archived, destroyed (also what the archive did not name but an
  ancestor of it) or, named by neither, ``unevaluated`` (kept, reported); a deletion pass runs for
  what is to be destroyed. Answered with a 0505 when its head asks for one.
* 0506 AussonderungImportBestaetigen: per object archived (with the archive's Archivkennung) or not;
  a 4.x message-level outcome without objects applies to the records of the 0503 it answers. A
  deletion pass runs for what is archived.
* 0504 / 0507 (receipts of our 0501 / 0503): kept.

Refused, with nothing changed (xdomea defines no error codes of its own for this group, so the
``AllgemeineRueckmeldung`` codes): a process we never started, a message from anyone but the
process's archive or to anyone but us, objects we did not offer or deliver in that process, or
documents named in a 0502 (``0000003``: "Die Kennung ist ... nicht bekannt"); another message under
a number already used (``0000009``: already processed); an Aussonderungsart that is no decision
(B, or the schema's free-text choice), conflicting decisions, a 0502 in a process without offer
(``0000499``). A refused message gets no answer (the Aussonderung has no negative receipt); the
refusal is kept in the ledger, returned to the caller and logged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from uuid import UUID

import structlog
from lxml import etree

from adapter.domain.aussonderung import APPRAISABLE, Decision, State, effective_decisions, subtree
from adapter.domain.errors import AdapterError, Conflict, IdempotencyConflict, InvalidInput
from adapter.ports.aussonderung import LedgerMessage, LedgerObject, Process
from adapter.services.aussonderung.context import Context, nodes_of
from adapter.services.xdomea.filing import EntryResult
from adapter.services.xdomea.importer import ImportOutcome
from adapter.xoev.xdomea.aussonderung_build import SUPPORTED_VERSIONS, build_0505
from adapter.xoev.xdomea.aussonderung_model import AUSSONDERUNG_NAMES
from adapter.xoev.xdomea.aussonderung_read import Imported, Receipt, read_0502, read_0506, read_receipt
from adapter.xoev.xdomea.container import Container
from adapter.xoev.xdomea.message import Message
from adapter.xoev.xdomea.naming import message_file

__all__ = ["FROM_ARCHIVE", "AussonderungInbound"]

log = structlog.get_logger(__name__)
FROM_ARCHIVE = frozenset({"0502", "0504", "0506", "0507"})
UNKNOWN, PROCESSED, OTHER = "0000003", "0000009", "0000499"
_FOLLOWS = {State.ARCHIVE: "archivieren wie sein Container", State.DESTROY: "vernichten wie sein Container",
            State.UNEVALUATED: "unbewertet, bleibt erhalten", State.CHANGED: "geaendert", State.HELD: "gesperrt",
            State.DELETED: "geloescht"}


class _Refusal(Exception):
    def __init__(self, code: str, reason: str, entries: tuple[EntryResult, ...] = ()) -> None:
        super().__init__(reason)
        self.code, self.reason, self.entries = code, reason, entries


class AussonderungInbound:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @staticmethod
    def handles(message_type: str | None) -> bool:
        """Aussonderung messages (group 05) come here, whatever they are."""
        return bool(message_type and message_type.startswith("05"))

    def receive(self, container: Container) -> ImportOutcome:
        message = container.message
        kind = message.report.message_type or ""
        sha = container.message_file.sha256
        try:
            if kind not in FROM_ARCHIVE:
                raise _Refusal(OTHER, f"{message.report.message_name} is not a message to the authority")
            receipt = read_receipt(message)
            process = self._process(receipt)
            if kind == "0502":
                outcome = self._evaluation(process, message, receipt, sha)
            elif kind == "0506":
                outcome = self._confirmation(process, message, receipt, sha)
            else:
                outcome = self._keep(receipt, sha)
        except _Refusal as refused:
            return self._refused(message, sha, refused)
        self.ctx.runner.run_due()
        return outcome

    def refused(self, message: Message, error: AdapterError) -> ImportOutcome:
        """A message refused before it could be read (schema, container): kept as refused, no answer."""
        code = "0000015" if error.code == "container-refused" else "0000008"
        sha = hashlib.sha256(etree.tostring(message.tree)).hexdigest()
        return self._refused(message, sha, _Refusal(code, error.message), error)

    # --- checks -----------------------------------------------------------------------------

    def _process(self, receipt: Receipt) -> Process:
        process = self.ctx.ledger.process(receipt.process_id)
        if process is None:
            raise _Refusal(UNKNOWN, f"no Aussonderung with ProzessID {receipt.process_id} was started here")
        if receipt.version not in SUPPORTED_VERSIONS:
            raise _Refusal(OTHER, f"xdomea {receipt.version} is not spoken in the Aussonderung")
        archive, authority = self.ctx.config.archive, self.ctx.config.authority
        senders = {name for name in (process.archive, archive.name) if name}
        recipients = {name for name in (authority.kennung, authority.name) if name}
        if receipt.sender not in senders or receipt.recipient not in recipients:
            raise _Refusal(UNKNOWN, f"the message comes from {receipt.sender!r} to {receipt.recipient!r}, not from "
                                    f"the archive {process.archive!r} to {authority.kennung!r}")
        return process

    def _objects(self, pid: str, ids: list[str], allowed: Mapping[UUID, LedgerObject], what: str) -> list[UUID]:
        out, bad = [], []
        for index, text in enumerate(ids, 1):
            try:
                uuid = UUID(text)
            except ValueError:
                uuid = None
            if uuid is None or uuid not in allowed:
                bad.append(EntryResult(index, text, reason=UNKNOWN, text=f"not {what} in process {pid}"))
            else:
                out.append(uuid)
        if bad:
            raise _Refusal(UNKNOWN, f"{len(bad)} object(s) not {what} in this process", tuple(bad))
        return out

    def _record(self, receipt: Receipt, sha: str, answer: bytes | None = None) -> tuple[LedgerMessage, bool]:
        try:
            return self.ctx.ledger.record_message(LedgerMessage(
                receipt.process_id, "in", receipt.message_type, receipt.number, sha, self.ctx.now(),
                receipt.message_uuid, total=receipt.total, answer=answer.decode() if answer else None))
        except IdempotencyConflict:
            raise _Refusal(PROCESSED, f"another {receipt.message_type} number {receipt.number} of this process was"
                                      " processed before") from None

    # --- the messages -----------------------------------------------------------------------

    def _evaluation(self, process: Process, message: Message, receipt: Receipt, sha: str) -> ImportOutcome:
        ctx, pid = self.ctx, process.process_id
        if process.kind != "offer":
            raise _Refusal(OTHER, "this process delivered without an offer: there is nothing to evaluate")
        evaluation = read_0502(message)
        objects = ctx.ledger.objects(pid)
        appraisable = {o.uuid: o for o in objects if o.level in APPRAISABLE}
        ids = self._objects(pid, [e.object_id for e in evaluation.objects], appraisable, "offered (Akte, Teilakte "
                            "or Vorgang)")
        decisions: dict[UUID, str] = {}
        bad = []
        for index, (uuid, item) in enumerate(zip(ids, evaluation.objects, strict=True), 1):
            earlier = appraisable[uuid].decision
            if item.configurable or item.code not in ("A", "V"):
                bad.append(EntryResult(index, item.object_id, reason=OTHER, text=f"Aussonderungsart {item.code!r} is "
                                       "no decision (A or V)"))
            elif decisions.get(uuid, item.code) != item.code or (earlier not in (None, item.code)):
                bad.append(EntryResult(index, item.object_id, reason=OTHER, text="decided differently before"))
            decisions[uuid] = item.code
        if bad:
            raise _Refusal(OTHER, f"{len(bad)} decision(s) refused", tuple(bad))
        answer = (build_0505(message, created=ctx.now(), system=ctx.config.system, catalog=ctx.catalog,
                             codelists=ctx.codelists) if evaluation.wants_receipt else None)
        stored, created = self._record(receipt, sha, answer)
        receipts = self._answer(receipt, stored)
        if not created:
            return ImportOutcome(pid, "0502", receipts, redelivered=True)
        tag = f"0502:{receipt.number}"
        ctx.ledger.save([replace(appraisable[u], decision=code, message=tag, updated=ctx.now())
                         for u, code in decisions.items()])
        final = self._finalize(process, receipt)
        entries = [EntryResult(i, str(u), text="archivieren" if c == "A" else "vernichten")
                   for i, (u, c) in enumerate(decisions.items(), 1)]
        unnamed = [o for o in ctx.ledger.objects(pid) if final and o.level in APPRAISABLE and o.decision is None]
        entries += [EntryResult(len(entries) + i, str(o.uuid),
                                text=f"nicht genannt: {_FOLLOWS.get(o.state, str(o.state))}")
                    for i, o in enumerate(unnamed, 1)]
        log.info("aussonderung.evaluated", process=pid, part=receipt.number, total=receipt.total,
                 decisions=len(decisions), final=final, not_named=len(unnamed),
                 unevaluated=sum(1 for o in unnamed if o.state is State.UNEVALUATED))
        return ImportOutcome(pid, "0502", receipts, tuple(entries))

    def _finalize(self, process: Process, receipt: Receipt) -> bool:
        """Once every 0502 of the process is here: each offered object's state; a deletion pass for "destroy"."""
        ctx, pid = self.ctx, process.process_id
        kept = {m.number for m in ctx.ledger.messages(pid)
                if m.direction == "in" and m.message_type == "0502" and m.outcome == "ok"}
        if not set(range(1, receipt.total + 1)) <= kept:
            return False
        objects = ctx.ledger.objects(pid)
        explicit = {o.uuid: Decision(o.decision) for o in objects if o.decision in ("A", "V")}
        effective = effective_decisions(nodes_of(objects), explicit)
        states = {Decision.ARCHIVE: State.ARCHIVE, Decision.DESTROY: State.DESTROY, None: State.UNEVALUATED}
        tag = f"0502:{receipt.number}"  # the message that made the evaluation final
        ctx.ledger.save([replace(o, state=states[effective[o.uuid]], message=o.message or tag, updated=ctx.now())
                         for o in objects if o.state is State.OFFERED])
        ctx.runner.enqueue_delete(pid, "0502")
        return True

    def _confirmation(self, process: Process, message: Message, receipt: Receipt, sha: str) -> ImportOutcome:
        ctx, pid = self.ctx, process.process_id
        confirmation = read_0506(message)
        objects = ctx.ledger.objects(pid)
        delivered = {o.uuid: o for o in objects if o.part is not None}
        ids = self._objects(pid, [i.object_id for i in confirmation.objects], delivered, "delivered")
        outcomes: dict[UUID, Imported | None] = dict(zip(ids, confirmation.objects, strict=True))
        if not outcomes and confirmation.message_ok is not None:
            part = next((m.number for m in ctx.ledger.messages(pid) if m.direction == "out"
                         and m.message_type == "0503" and m.uuid == receipt.answers), None)
            if part is None:
                raise _Refusal(UNKNOWN, f"the 0506 answers no 0503 of this process ({receipt.answers})")
            outcomes = {o.uuid: None for o in objects if o.parent is None and o.part == part}
        _stored, created = self._record(receipt, sha)
        if not created:
            return ImportOutcome(pid, "0506", {}, redelivered=True)
        nodes, rows, tag = nodes_of(objects), {o.uuid: o for o in objects}, f"0506:{receipt.number}"
        changed: dict[UUID, LedgerObject] = {}
        verdicts = {u: bool(confirmation.message_ok if item is None else item.ok) for u, item in outcomes.items()}
        for uuid, item in outcomes.items():
            ok = verdicts[uuid]
            for inner in subtree(nodes, uuid):
                row = changed.get(inner, rows[inner])
                if row.state is State.DELIVERED:
                    changed[inner] = replace(row, state=State.ARCHIVED if ok else State.FAILED, message=tag,
                                             archive_id=item.archive_id if item else None, updated=ctx.now())
        ctx.ledger.save(list(changed.values()))
        ctx.runner.enqueue_delete(pid, tag)
        archived = sum(1 for r in changed.values() if r.state is State.ARCHIVED)
        log.info("aussonderung.confirmed", process=pid, part=receipt.number, archived=archived,
                 failed=len(changed) - archived)
        entries = tuple(EntryResult(i, str(u), reason=None if ok else "failed",
                                    text="archiviert" if ok else "nicht archiviert")
                        for i, (u, ok) in enumerate(verdicts.items(), 1))
        return ImportOutcome(pid, "0506", {}, entries)

    def _keep(self, receipt: Receipt, sha: str) -> ImportOutcome:
        _stored, created = self._record(receipt, sha)
        log.info("aussonderung.receipt", process=receipt.process_id, message_type=receipt.message_type,
                 redelivered=not created)
        return ImportOutcome(receipt.process_id, receipt.message_type, {}, redelivered=not created)

    # --- answers and refusals ---------------------------------------------------------------

    def _answer(self, receipt: Receipt, stored: LedgerMessage) -> dict[str, bytes]:
        if not stored.answer:
            return {}
        name = message_file(receipt.version, receipt.process_id, AUSSONDERUNG_NAMES["0505"], receipt.number)
        return {Path(name).name: stored.answer.encode()}

    def _refused(self, message: Message, sha: str, refused: _Refusal,
                 error: AdapterError | None = None) -> ImportOutcome:
        report = message.report
        receipt = read_receipt(message)
        self.ctx.ledger.record_message(LedgerMessage(
            report.process_id or "", "in", report.message_type or "", receipt.number, sha, self.ctx.now(),
            receipt.message_uuid, "refused", refused.code, refused.reason[:500], receipt.total))
        log.warning("aussonderung.refused", message_type=report.message_type, code=refused.code,
                    objects=len(refused.entries))
        problem = error or (Conflict if refused.code == PROCESSED else InvalidInput)(
            f"{report.message_name} refused ({refused.code}): {refused.reason}",
            detail={"rueckmeldung": refused.code, "process_id": report.process_id})
        return ImportOutcome(report.process_id, report.message_type, {}, refused.entries, error=problem)
