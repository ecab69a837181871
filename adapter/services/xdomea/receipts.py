"""The answers to an incoming FVDaten message: which receipts, with which codes (file name -> bytes).

* imported: 0629 when the head asks for it (``Empfangsbestaetigung``), 0630 when it asks for it
  (``Importbestaetigung``) or any entry failed: ``AllgemeineRueckmeldung`` 0000000 when every entry
  was filed, else the distinct ``SpezifischeFehlermeldung`` codes; one ``Rueckgabeparameter`` per
  object (the entry's FachverfahrenObjektID, the xdomea ID of objects inside it, a new Akte's
  Aktenzeichen) with our UUID as ``IDSGO``.
* acted (0601, 0607, 0609/0610, 0613-0615, 0624, 0632): 0629 when asked, 0630 always with one
  ``Rueckgabeparameter`` per batch element (our id, what was done or why not, the type's code).
* refused (schema/XML: 0000008; container: 0000015), unsupported type (0000499), ProzessID reused
  for different content (0000009): a negative 0630 with the reason as ``SonstigeFehlermeldung`` (3.x).

A receipt that cannot be built (a refused message whose head lacks what a receipt copies) is
logged and left out: the refusal itself still reaches the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog

from adapter.domain.errors import AdapterError
from adapter.services.xdomea.filing import EntryResult
from adapter.xoev.errors import ContainerRefused, XoevRefused
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.import_receipt import ReturnParameter, build_import_receipt
from adapter.xoev.xdomea.message import Message
from adapter.xoev.xdomea.naming import message_file
from adapter.xoev.xdomea.receipts import SUCCESS, Feedback, OurSystem, build_receipt_0629
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.sgo import SgoMessage, read_sgo_message
from adapter.xoev.xdomea.to_records import error_code

__all__ = ["Acted", "Answers", "receipt_name"]

log = structlog.get_logger(__name__)
SCHEMA_INVALID, TRANSMISSION, ALREADY_PROCESSED, UNKNOWN = "0000008", "0000015", "0000009", "0000499"


@dataclass(frozen=True)
class Acted:
    """One element of a lifecycle message answered: our id (``None`` if unknown), a name/value, error code."""

    number: int
    our_id: str | None
    name: str
    value: str
    code: str | None = None
    parameter: str = "AllgemeinerRueckgabeparameter"  # or ZumLoeschenMarkiert / Ablageort (``ReturnParameter.kind``)


def receipt_name(process_id: str, code: str, version: str = "3.0.0") -> str:
    """The file name of our 0629/0630 by the naming rule of ``version`` (``xoev.xdomea.naming``)."""
    name = "FVDaten.EmpfangBestaetigen.0629" if code == "0629" else "FVDaten.ImportBestaetigen.0630"
    return message_file(version, process_id, name)


class Answers:
    def __init__(self, catalog: SchemaCatalog, codelists: CodeLists, system: OurSystem,
                 clock: Callable[[], datetime]) -> None:
        self.catalog, self.codelists, self.system, self.clock = catalog, codelists, system, clock

    def imported(self, message: Message, sgos: SgoMessage, results: Sequence[EntryResult]) -> dict[str, bytes]:
        kind = message.report.message_type or ""
        failed = [r for r in results if not r.ok]
        out = self._0629(message) if sgos.wants_receipt else {}
        if sgos.wants_import_receipt or failed:
            codes = sorted({error_code(kind, r.reason or "") for r in failed})
            feedback = [Feedback(c, specific=True) for c in codes] or [Feedback(SUCCESS)]
            params = [p for r in results for p in _parameters(kind, r)]
            out[receipt_name(_pid(message), "0630", _version(message))] = self._0630(message, feedback, params, None)
        return out

    def acted(self, message: Message, wants_receipt: bool, results: Sequence[Acted]) -> dict[str, bytes]:
        """0629 if asked, and the 0630 of a lifecycle message (0601 ... 0632): one parameter per element."""
        kind = message.report.message_type or ""
        out = self._0629(message) if wants_receipt else {}
        codes = sorted({r.code for r in results if r.code})
        feedback = [Feedback(c, specific=True) for c in codes] or [Feedback(SUCCESS)]
        params = [ReturnParameter(r.number, r.our_id, r.name, r.value, r.code is None,
                                  (r.code,) if r.code else (), r.parameter) for r in results]
        out[receipt_name(_pid(message), "0630", _version(message))] = self._0630(message, feedback, params, None)
        log.info("xdomea.answered", message_type=kind, failed=len(codes))
        return out

    def refusal(self, message: Message, exc: XoevRefused) -> dict[str, bytes]:
        code = TRANSMISSION if isinstance(exc, ContainerRefused) else SCHEMA_INVALID
        return self._negative(message, code, f"{exc.code}: {exc.problems[0][1]}")

    def unsupported(self, message: Message) -> dict[str, bytes]:
        wanted = read_sgo_message(message.tree.getroot(), message.report.head).wants_receipt \
            if message.report.head else False
        text = f"{message.report.message_name} wird von diesem DMS-Adapter nicht unterstuetzt"
        return {**(self._0629(message) if wanted else {}), **self._negative(message, UNKNOWN, text)}

    def already_processed(self, message: Message) -> dict[str, bytes]:
        return self._negative(message, ALREADY_PROCESSED, "ProzessID schon fuer eine andere Nachricht verwendet")

    def _negative(self, message: Message, code: str, note: str) -> dict[str, bytes]:
        try:
            data = self._0630(message, [Feedback(code)], (), note)
        except (AdapterError, AttributeError, TypeError) as exc:  # the head lacks what a receipt copies
            log.warning("xdomea.receipt_not_built", reason=type(exc).__name__)
            return {}
        return {receipt_name(_pid(message), "0630", _version(message)): data}

    def _0629(self, message: Message) -> dict[str, bytes]:
        data = build_receipt_0629(message, created=self.clock(), system=self.system, catalog=self.catalog,
                                  codelists=self.codelists)
        return {receipt_name(_pid(message), "0629", _version(message)): data}

    def _0630(self, message: Message, feedback: Sequence[Feedback], params: Sequence[ReturnParameter],
              note: str | None) -> bytes:
        return build_import_receipt(message, feedback, params, created=self.clock(), system=self.system,
                                    catalog=self.catalog, codelists=self.codelists, note=note)


def _pid(message: Message) -> str:
    return message.report.process_id or "unknown"


def _version(message: Message) -> str:
    return message.report.version or "3.0.0"


def _parameters(kind: str, result: EntryResult) -> list[ReturnParameter]:
    objects = result.objects
    first = objects[0].our_id if objects and result.ok else None
    codes = () if result.ok else (error_code(kind, result.reason or ""),)
    out = [ReturnParameter(result.number, first, "FachverfahrenObjektID", result.fv_id, result.ok, codes)]
    for index, item in enumerate(objects):
        if index or not result.ok:
            out.append(ReturnParameter(result.number, item.our_id, "ID", item.xdomea_id, True))
        if item.aktenzeichen:
            out.append(ReturnParameter(result.number, item.our_id, "Aktenzeichen", item.aktenzeichen, True))
    return out
