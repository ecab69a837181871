"""The test archive: plays the archive's part of an xdomea Aussonderung over the XTA test peer (or files).

``ArchivePeer.process()`` fetches every open message of its party from the XTA test peer's mailboxes
(in-process: the peer is the archive's XTA server), closes it and acts as the archive does:

* 0501 Anbieteverzeichnis: kept; 0504 when the head asks for it; then the evaluation, a 0502 with one
  decision per Akte, Teilakte and Vorgang as ``rule`` decides (``None``: not named), asking for a 0505.
* 0505: kept.
* 0503 Aussonderung: the container is unpacked (names checked: no paths, no duplicates, a size
  limit), the message validated against the official schema of its version, every primary file it
  names checked present and hashed (and, where the message states a hash, compared); the files are
  kept under ``store`` and their SHA-256 in ``files``. A 0507 when asked, then the 0506 naming each
  top-level record archived (with an Archivkennung) - or not, where ``refuse`` says so.

Every message received is recorded in ``received`` with its schema problems (``valid``). Answers go to
the sender's mailbox as XTA messages (a ZIP container named by the version's rule), so the adapter
fetches them like any archive's. ``receive_file`` does the same for a container handed over as a file
and returns the answers as files.
"""

from __future__ import annotations

import copy
import hashlib
import threading
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from adapter.safexml import XmlLimits, parse_bytes
from egov_sandbox.archive.messages import NAMES, Archive, Incoming, OfferedObject, answer, read_incoming
from egov_sandbox.archive.schemas import ArchiveSchemas
from egov_sandbox.xta._soap import ns
from egov_sandbox.xta.mailbox import Mailboxes, StoredContent, StoredMessage

__all__ = ["ArchivePeer", "Received"]

Rule = Callable[[OfferedObject], str | None]
_MAX_TOTAL = 8 * 1024**3
_LIMITS = XmlLimits(max_bytes=256 * 1024 * 1024)


def by_aussonderungsart(obj: OfferedObject) -> str | None:
    """The default evaluation: what the record's Aussonderungsart proposes (B: archive)."""
    return {"A": "A", "V": "V", "B": "A"}.get(obj.aussonderungsart or "B")


@dataclass
class Received:
    code: str
    version: str
    process_id: str
    number: int
    total: int
    valid: bool
    problems: list[str] = field(default_factory=list)
    objects: tuple[OfferedObject, ...] = ()


class ArchivePeer:
    def __init__(self, boxes: Mailboxes, party: str, xoev_dir: Path, store: Path, *, rule: Rule = by_aussonderungsart,
                 refuse: Callable[[OfferedObject], bool] = lambda _o: False, name: str = "Testarchiv") -> None:
        self.boxes, self.party, self.store = boxes, party, store
        self.schemas = ArchiveSchemas(xoev_dir)
        self.rule, self.refuse = rule, refuse
        self.archive = Archive(party, name)
        self.received: list[Received] = []
        self.files: dict[str, str] = {}  # primary file name -> SHA-256 of what arrived
        self.stated: dict[str, str] = {}  # primary file name -> SHA-256 the message states (4.x)
        self.sent: list[tuple[str, str]] = []  # (code, recipient) of every answer
        self._lock = threading.Lock()

    # --- over XTA ---------------------------------------------------------------------------

    def process(self) -> list[Received]:
        """Work every open message in the archive's mailbox; what was received this pass."""
        done = []
        for message in self.boxes.messages_for(self.party):
            if message.closed:
                continue
            self.boxes.close(self.party, message.message_id)
            answers, received = self._handle(message.message.path)
            done.append(received)
            for code, name, data in answers:
                self._reply(message, code, name, data)
        return done

    def _reply(self, incoming: StoredMessage, code: str, name: str, data: bytes) -> None:
        path = self.boxes.new_file()
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name.removesuffix(".zip") + ".xml", data)
        meta = copy.deepcopy(incoming.meta)
        meta.find("meta:Originators/meta:Author/meta:Identifier", ns).text = self.party
        meta.find("meta:Destinations/meta:Reader/meta:Identifier", ns).text = incoming.author
        meta.find("meta:MsgIdentification/wsa:MessageID", ns).text = f"urn:de:xta:messageid:archiv:{uuid.uuid4()}"
        meta.find("meta:Qualifier/meta:MessageType/code", ns).text = code
        subject = meta.find("meta:Qualifier/meta:Subject", ns)
        if subject is not None:
            subject.text = name
        size = meta.find("meta:MsgSize", ns)
        if size is not None:
            meta.remove(size)
        message_id = str(meta.find("meta:MsgIdentification/wsa:MessageID", ns).text)
        self.boxes.deliver(StoredMessage(message_id, self.party, incoming.author, meta, incoming.scenario,
                                         StoredContent(path, {"contentType": "application/zip", "filename": name}),
                                         []))
        self.sent.append((code, incoming.author))

    # --- as files -----------------------------------------------------------------------------

    def receive_file(self, container: Path, out: Path) -> list[Path]:
        """A container handed over as a file: its answers written to ``out`` (ZIP containers)."""
        answers, _received = self._handle(container)
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for _code, name, data in answers:
            path = out / name
            with zipfile.ZipFile(path, "w") as archive:
                archive.writestr(name.removesuffix(".zip") + ".xml", data)
            paths.append(path)
        return paths

    # --- the archive's work -------------------------------------------------------------------

    def _handle(self, container: Path) -> tuple[list[tuple[str, str, bytes]], Received]:
        folder = self.store / uuid.uuid4().hex
        members = self._unpack(container, folder)
        messages = [n for n in members if n.endswith(".xml") and "_" in n and
                    (n.split("_", 1)[1].startswith(("Aussonderung.", "05")))]
        if len(messages) != 1:
            raise ValueError(f"the container holds {len(messages)} message files")
        tree = parse_bytes((folder / messages[0]).read_bytes(), limits=_LIMITS)
        incoming = read_incoming(tree)
        problems = self.schemas.validate(tree, incoming.version)
        if incoming.code == "0503":
            problems += self._check_files(incoming, folder, set(members) - {messages[0]})
        received = Received(incoming.code, incoming.version, incoming.process_id, incoming.number, incoming.total,
                            not problems, problems, incoming.objects)
        with self._lock:
            self.received.append(received)
        return ([] if problems else self._answers(incoming)), received

    def _unpack(self, container: Path, folder: Path) -> list[str]:
        """The members of a ZIP container; a bare message (a receipt sent as XML) is its own single member."""
        folder.mkdir(parents=True)
        if not zipfile.is_zipfile(container):
            tree = parse_bytes(container.read_bytes(), limits=_LIMITS)
            incoming = read_incoming(tree)
            name = self._name(incoming, incoming.code).removesuffix(".zip") + ".xml"
            (folder / name).write_bytes(container.read_bytes())
            return [name]
        names, total = [], 0
        with zipfile.ZipFile(container) as archive:
            for info in archive.infolist():
                name = info.filename
                if "/" in name or "\\" in name or name.startswith(".") or name in names or info.is_dir():
                    raise ValueError(f"refused member name {name!r}")
                total += info.file_size
                if total > _MAX_TOTAL:
                    raise ValueError("the container is larger than the archive takes")
                with archive.open(info) as source, (folder / name).open("wb") as target:
                    while chunk := source.read(1024 * 1024):
                        target.write(chunk)
                names.append(name)
        return names

    def _check_files(self, incoming: Incoming, folder: Path, members: set[str]) -> list[str]:
        problems, named = [], set()
        for obj in incoming.objects:
            for name, stated in obj.files:
                named.add(name)
                if name not in members:
                    problems.append(f"primary file {name} is missing")
                    continue
                digest = hashlib.sha256()
                with (folder / name).open("rb") as stream:
                    while chunk := stream.read(1024 * 1024):
                        digest.update(chunk)
                found = digest.hexdigest()
                if stated is not None and stated.lower() != found:
                    problems.append(f"primary file {name}: SHA-256 {found}, the message states {stated}")
                with self._lock:
                    self.files[name] = found
                    if stated is not None:
                        self.stated[name] = stated.lower()
        problems += [f"member {name} is named by no Primaerdokument" for name in sorted(members - named)]
        return problems

    def _answers(self, incoming: Incoming) -> list[tuple[str, str, bytes]]:
        out: list[tuple[str, str, bytes]] = []

        def add(code: str, **kwargs: object) -> None:
            tree = answer(incoming, code, self.archive, **kwargs)  # type: ignore[arg-type]
            problems = self.schemas.validate(tree, incoming.version)
            if problems:
                raise ValueError(f"the archive peer's own {code} does not validate: {problems[:3]}")
            data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
            out.append((code, self._name(incoming, code), data))

        if incoming.code == "0501":
            if incoming.wants_receipt:
                add("0504")
            decisions = [(o.id, d) for o in incoming.objects if o.kind != "Dokument"
                         for d in [self.rule(o)] if d is not None]
            add("0502", decisions=decisions)
        elif incoming.code == "0503":
            if incoming.wants_receipt:
                add("0507")
            tops = [o for o in incoming.objects if o.parent is None]
            add("0506", imported=[(o.id, not self.refuse(o), f"ARCH-{o.id[:8]}") for o in tops])
        return out

    @staticmethod
    def _name(incoming: Incoming, code: str) -> str:
        if incoming.version.startswith("4."):
            return f"{incoming.process_id}_{code}_{incoming.number}.zip"
        return f"{incoming.process_id}_{NAMES[code]}.zip"
