"""What one accepted message type does, as a handler: container in, receipts and entry results out.

``Handled`` is a handler's result (receipts file name -> bytes, per-entry results); the import
service (``xdomea_import``) journals it. ``SgoImport`` handles the messages that bring
Schriftgutobjekte: FVDaten 0604 SGOErstellen, 0605 SGOAblegen and Abgabe.Abgabe.0401. All three go
through one path: read (``sgo.read_sgo_message`` / ``abgabe.read_abgabe``) -> plan
(``to_records.plan_message``) -> file (``PlanFiler``) -> answers (0629/0630, or 0403/0402). A 4.x
Abgabe sent in several messages takes the same path once all of them are here (``joined``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from adapter.domain.errors import InvalidInput
from adapter.domain.metadata import Bearbeiter
from adapter.services.records.service import RecordService
from adapter.services.xdomea.abgabe import AbgabeAnswers
from adapter.services.xdomea.filing import EntryResult, PlanFiler
from adapter.services.xdomea.receipts import Answers
from adapter.xoev.errors import ContainerRefused
from adapter.xoev.xdomea.abgabe import ABGABE, ANSCHREIBEN, read_abgabe
from adapter.xoev.xdomea.container import Container, Member
from adapter.xoev.xdomea.sgo import SgoEntry, SgoMessage, read_sgo_message
from adapter.xoev.xdomea.to_records import ImportRules, Planned, PlannedContainer, PlannedEntry, plan_message

__all__ = ["Handled", "Handler", "Progress", "SgoImport", "clerk"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Handled:
    """The receipts to deliver and what happened to each entry of the message."""

    receipts: dict[str, bytes]
    entries: tuple[EntryResult, ...] = ()
    details: dict[str, object] = field(default_factory=dict)

    @property
    def failed(self) -> list[int]:
        return [e.number for e in self.entries if not e.ok]


class Handler(Protocol):
    def __call__(self, container: Container, progress: Progress | None) -> Handled: ...


class SgoImport:
    """0604, 0605 and 0401: file the Schriftgutobjekte of the message, answer per object."""

    def __init__(self, records: RecordService, rules: ImportRules, answers: Answers, abgabe: AbgabeAnswers) -> None:
        self.records, self.rules, self.answers, self.abgabe = records, rules, answers, abgabe

    def __call__(self, container: Container, progress: Progress | None) -> Handled:
        message = container.message
        head = message.report.head
        if head is None:
            raise InvalidInput("message head is unreadable")
        root = message.tree.getroot()
        is_abgabe = head.message_type == ABGABE
        sgos = read_abgabe(root, head) if is_abgabe else read_sgo_message(root, head)
        results, total = self.file(sgos, container.documents, progress)
        answer = self.abgabe.imported if is_abgabe else self.answers.imported
        return Handled(answer(message, sgos, results), results, {"documents": total})

    def joined(self, parts: Sequence[Container], progress: Progress | None) -> Handled:
        """An Abgabe in several messages (4.x), all here: filed as one, each message answered by its 0402.

        The entries are numbered through all parts in their order; the files of all parts are one
        set (a name in two parts must be the same file). The 0403s were sent as each part came."""
        read = [(part, read_abgabe(part.message.tree.getroot(), part.message.report.head))
                for part in parts if part.message.report.head is not None]
        entries: list[SgoEntry] = []
        files: dict[str, Member] = {}
        owner: list[int] = []  # the part each entry came from
        for index, (part, sgos) in enumerate(read):
            for item in sgos.entries:
                entries.append(replace(item, number=len(entries) + 1))
                owner.append(index)
            for name, member in part.documents.items():
                if files.setdefault(name, member).sha256 != member.sha256:
                    raise ContainerRefused(f"{name!r} differs between the messages of the process")
        merged = replace(read[0][1], entries=tuple(entries))
        results, total = self.file(merged, files, progress)
        receipts: dict[str, bytes] = {}
        for index, (part, _sgos) in enumerate(read):
            mine = [r for r, o in zip(results, owner, strict=True) if o == index]
            receipts.update(self.abgabe.answered(part.message, mine))
        return Handled(receipts, results, {"documents": total, "parts": len(read)})

    def file(self, sgos: SgoMessage, files: Mapping[str, Member],
             progress: Progress | None) -> tuple[tuple[EntryResult, ...], int]:
        """Plan and file the entries of ``sgos`` with the primary files ``files``: results and documents."""
        plan = plan_message(sgos, self.rules)
        if sgos.head.message_type == ABGABE:  # the Anschreiben is incoming mail: the default class, not the sender's
            letters = {e.number for e in sgos.entries if e.ablageort == ANSCHREIBEN}
            plan = tuple(replace(e, record_class=self.rules.default_class) if e.number in letters else e
                         for e in plan)
        total, done = sum(_documents(e.root) for e in plan), [0]

        def tick() -> None:
            done[0] += 1
            if progress:
                progress(done[0], total)

        filer = PlanFiler(self.records, clerk(sgos.erstellerkennung), files, tick)
        return tuple(filer.file(entry) for entry in plan), total


def _documents(node: Planned | PlannedEntry | None) -> int:
    if isinstance(node, PlannedContainer):
        return sum(_documents(child) for child in node.children)
    return 1 if node is not None else 0


def clerk(kennung: str | None) -> Bearbeiter:
    """The acting clerk: the message's ``Erstellerkennung``, else ``xdomea``."""
    try:
        return Bearbeiter(kennung=kennung or "xdomea")
    except InvalidInput:
        return Bearbeiter(kennung="xdomea")
