"""Map the Schriftgutobjekte of a 0604/0605 to a filing plan of canonical records (pure, no I/O).

The plan per batch entry is a tree of ``PlannedContainer`` (Akte, Teilakte, Vorgang) and
``PlannedDocument`` with canonical ``Metadaten`` and idempotency keys derived from ProzessID +
FachverfahrenObjektID + the object's position, so a redelivered message maps to the same keys.
Which record class and container an entry lands in is decided when it is filed (the container
named by ``IDContainer`` must be looked up); an entry without ``IDContainer`` goes to the class
``ImportRules.class_for(sender)``. What cannot be filed is a ``Refusal`` with our reason, turned
into the message type's ``SpezifischeFehlermeldung`` code by ``error_code``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from types import MappingProxyType
from zoneinfo import ZoneInfo

from adapter.domain.codes import Medium, Vertraulichkeitsstufe, parse_code
from adapter.domain.errors import InvalidInput
from adapter.domain.frozen import fast_init
from adapter.domain.idempotency import IdempotencyKey
from adapter.domain.metadata import Laufzeit, Metadaten
from adapter.xoev.xdomea._sgo_model import NO_META
from adapter.xoev.xdomea.dialect import VERTRAULICHKEITSSTUFE_URI
from adapter.xoev.xdomea.sgo import Laufzeit as SgoLaufzeit
from adapter.xoev.xdomea.sgo import Meta, PrimaryRef, SgoAkte, SgoDokument, SgoEntry, SgoMessage, SgoVorgang

__all__ = [
    "ImportRules", "Planned", "PlannedContainer", "PlannedDocument", "PlannedEntry", "Refusal", "error_code",
    "plan_message",
]

_ZONE = ZoneInfo("Europe/Berlin")
#: code -> member, so that a valid code costs one dict lookup (``parse_code`` still reports a bad one)
_VERTRAULICHKEIT: Mapping[str, Vertraulichkeitsstufe] = MappingProxyType({m.value: m for m in Vertraulichkeitsstufe})
_MEDIUM: Mapping[str, Medium] = MappingProxyType({m.value: m for m in Medium})
#: Our refusal reasons -> SpezifischeFehlermeldung code per message type (code lists 0604/0605 1.0).
_CODES: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "0604": {"container-unknown": "0604001", "not-supported": "0604002", "not-filed": "0604003",
             "no-file": "0604003", "metadata-invalid": "0604006"},
    "0605": {"container-unknown": "0605001", "not-supported": "0605005", "not-filed": "0605005",
             "no-file": "0605004", "metadata-invalid": "0605007"},
})


@dataclass(frozen=True)
class ImportRules:
    """Where entries without ``IDContainer`` go: the sender's class, else ``default_class``."""

    default_class: str = "posteingang"
    classes_by_sender: Mapping[str, str] = field(default_factory=dict)

    def class_for(self, sender: str | None) -> str:
        return self.classes_by_sender.get(sender or "", self.default_class)


class Refusal(Exception):
    """Why one entry is not filed: our reason (a key of the code table) and a short text."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(text)
        self.reason = reason
        self.text = text


@fast_init
@dataclass(frozen=True)
class PlannedDocument:
    key: IdempotencyKey
    xdomea_id: str
    metadaten: Metadaten
    file: PrimaryRef
    dokumentart: str | None
    eingangsdatum: datetime | None

    @property
    def name(self) -> str:
        """The file name the DMS sees: the original name, else the container member's name."""
        return _base(self.file.original or self.file.dateiname)


@fast_init
@dataclass(frozen=True)
class PlannedContainer:
    """A container to create; level ``anlagen`` is no container: a document and its Anlagen, filed side by side."""

    level: str  # akte | teilakte | vorgang | anlagen
    key: IdempotencyKey
    xdomea_id: str
    metadaten: Metadaten
    children: tuple[Planned, ...] = ()


Planned = PlannedContainer | PlannedDocument


@fast_init
@dataclass(frozen=True)
class PlannedEntry:
    number: int
    fv_id: str
    container_ref: str | None
    record_class: str
    root: Planned | None
    refusal: Refusal | None = None


def error_code(message_type: str, reason: str) -> str:
    """The SpezifischeFehlermeldung code for ``reason`` in a message of ``message_type``."""
    return _CODES[message_type][reason]


def plan_message(message: SgoMessage, rules: ImportRules) -> tuple[PlannedEntry, ...]:
    """One ``PlannedEntry`` per batch entry, in message order."""
    received = _when(message.erstellt)
    record_class = rules.class_for(message.head.sender)
    out = []
    for item in message.entries:
        key = IdempotencyKey.of_message(message.head.process_id or "", item.fv_id)
        root: Planned | None = None
        refused: Refusal | None = None
        try:
            root = _plan(item, key, received)
        except Refusal as exc:
            refused = exc
        except InvalidInput as exc:
            refused = Refusal("metadata-invalid", exc.message)
        out.append(PlannedEntry(item.number, item.fv_id, item.container_ref, record_class, root, refused))
    return tuple(out)


def _plan(item: SgoEntry, key: IdempotencyKey, received: datetime | None) -> Planned:
    sgo = item.sgo
    if isinstance(sgo, SgoAkte):
        if item.container_ref:
            raise Refusal("not-supported", "an Akte is created at its record class's place, not in a container")
        return _akte(sgo, key.child("akte"), "akte", received)
    if isinstance(sgo, SgoVorgang):
        if not item.container_ref:
            raise Refusal("container-unknown", "a Vorgang needs IDContainer (an Akte or Teilakte)")
        return _vorgang(sgo, key.child("vorgang"), received)
    return _dokument(sgo, key.child("dokument"), received)


def _akte(sgo: SgoAkte, key: IdempotencyKey, level: str, received: datetime | None) -> PlannedContainer:
    children: list[Planned] = [_dokument(d, key.child(f"d{n}"), received) for n, d in enumerate(sgo.dokumente, 1)]
    children += [_vorgang(v, key.child(f"v{n}"), received) for n, v in enumerate(sgo.vorgaenge, 1)]
    children += [_akte(t, key.child(f"t{n}"), "teilakte", received) for n, t in enumerate(sgo.teilakten, 1)]
    fallback = f"{'Akte' if level == 'akte' else 'Teilakte'} {sgo.xdomea_id}"
    return PlannedContainer(level, key, sgo.xdomea_id, _metadaten(sgo.meta, fallback, sgo.laufzeit), tuple(children))


def _vorgang(sgo: SgoVorgang, key: IdempotencyKey, received: datetime | None) -> PlannedContainer:
    if sgo.teilvorgaenge:
        raise Refusal("not-supported", "Teilvorgang is not supported")
    docs = tuple(_dokument(d, key.child(f"d{n}"), received) for n, d in enumerate(sgo.dokumente, 1))
    return PlannedContainer("vorgang", key, sgo.xdomea_id, _metadaten(sgo.meta, f"Vorgang {sgo.xdomea_id}",
                                                                      sgo.laufzeit), docs)


def _dokument(sgo: SgoDokument, key: IdempotencyKey, received: datetime | None) -> PlannedContainer | PlannedDocument:
    if not sgo.files:
        raise Refusal("no-file", f"document {sgo.xdomea_id} names no primary file")
    first = sgo.files[0]
    base = _base(first.original or first.dateiname)
    fallback = (base.rsplit(".", 1)[0] if "." in base[1:] else base) or sgo.xdomea_id
    when = datetime.combine(sgo.posteingang, time(0), _ZONE) if sgo.posteingang else received
    doc = PlannedDocument(key, sgo.xdomea_id, _metadaten(sgo.meta, fallback, None), first, sgo.typ, when)
    if not sgo.anlagen:
        return doc
    anlagen = tuple(_dokument(a, key.child(f"a{n}"), when) for n, a in enumerate(sgo.anlagen, 1))
    # a document with Anlagen: the Anlagen are filed beside it, in the same container
    return PlannedContainer("anlagen", key, sgo.xdomea_id, doc.metadaten, (doc, *anlagen))


def _metadaten(meta: Meta, fallback: str, laufzeit: SgoLaufzeit | None) -> Metadaten:
    beginn, ende = (laufzeit.beginn, laufzeit.ende) if laufzeit else (None, None)
    if meta is NO_META:  # the reader's shared empty Meta: most documents of a large 0605 carry none
        return Metadaten(fallback, (), None, None, Laufzeit(beginn, ende) if beginn or ende else None)
    if meta.vertraulichkeit and meta.vertraulichkeit_liste not in (None, VERTRAULICHKEITSSTUFE_URI):
        # 4.x: a Geheimhaltungsgrad from a list we cannot read; guessing could open a secret record
        raise InvalidInput(f"Geheimhaltungsgrad from code list {meta.vertraulichkeit_liste[:80]!r} is not one we know")
    return Metadaten(
        betreff=meta.betreff or fallback,
        kennzeichen=(meta.kennzeichen,) if meta.kennzeichen else (),
        vertraulichkeit=(_VERTRAULICHKEIT.get(meta.vertraulichkeit) or parse_code(Vertraulichkeitsstufe,
                         meta.vertraulichkeit)) if meta.vertraulichkeit else None,
        medium=(_MEDIUM.get(meta.medium) or parse_code(Medium, meta.medium)) if meta.medium else None,
        laufzeit=Laufzeit(beginn, ende) if beginn or ende else None,
        federfuehrung=meta.federfuehrung,
    )


def _base(name: str) -> str:
    """The last path segment of a file name (messages may carry paths in DateinameOriginal)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]



def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=_ZONE)
