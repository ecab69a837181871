"""Write checks on objects: creating a record folder and a document as the adapter does, the shapes
of ids and paths, our keys read back, the content hash, byte-exact download, Range, secondary types
and the query consistency lag. Everything lies in the run folder (``scratch.py``).
"""

from __future__ import annotations

import hashlib
import re
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from adapter.dms.probe.content import GeneratedContent
from adapter.dms.probe.reading import ReadFindings
from adapter.dms.probe.record import Recorder, describe
from adapter.dms.probe.scratch import WRITE_TITLES as T
from adapter.dms.probe.wire import ProbeWire
from adapter.domain.errors import AdapterError
from adapter.domain.probe import CheckStatus, PropertyFacts, TypeFacts
from adapter.ports.dms import DmsItem, PropertyValue

__all__ = ["Made", "Run", "content_checks", "create_objects", "probe_value", "query_lag", "record_properties",
           "secondary_checks"]

_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")
_GUID = re.compile(r"^\{?[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}?$")


@dataclass
class Run:
    wire: ProbeWire
    rec: Recorder
    read: ReadFindings
    path: str  # the run folder
    seed: int = 1
    pwcs: list[DmsItem] = field(default_factory=list)  # open checkouts, cancelled before the cleanup

    def content(self, size: int, name: str = "egov-probe.bin") -> GeneratedContent:
        self.seed += 1
        return GeneratedContent(size, self.seed, name)

    def level(self, level: str, fallback: str) -> tuple[str, TypeFacts | None]:
        found = self.read.levels.get(level)
        return (found[0].id, found[0]) if found else (fallback, None)


@dataclass(frozen=True)
class Made:
    """What ``create_objects`` created (None: refused)."""

    folder: DmsItem | None
    document: DmsItem | None
    content: GeneratedContent
    uuid: str
    key: str
    type_id: str
    created_at: float  # time.monotonic() when the document's create was sent (the query lag counts from there)


def probe_value(p: PropertyFacts) -> PropertyValue:
    """A harmless value for a mandatory property (the first choice where there are choices)."""
    value: str | bool | int | datetime
    if p.choices:
        value = p.choices[0]
    elif p.datatype == "boolean":
        value = False
    elif p.datatype in ("integer", "decimal"):
        value = 0
    elif p.datatype == "datetime":
        value = datetime.now(UTC)
    else:
        value = "egov-probe"[: p.max_length or 10]
    return [str(value)] if p.multi else value


def record_properties(run: Run, typedef: TypeFacts | None, key_uuid: str,
                      key: str) -> tuple[dict[str, PropertyValue], tuple[str, ...]]:
    """The mandatory properties of ``typedef`` with harmless values, and our keys where they can live."""
    props: dict[str, PropertyValue] = {p.id: probe_value(p) for p in (typedef.custom if typedef else ()) if p.mandatory}
    place = run.read.identity
    if place.uuid is None or place.key is None:
        return props, ()
    if place.secondary is not None:
        return {**props, place.uuid.id: key_uuid, place.key.id: key}, (place.secondary.id,)
    if typedef is not None and typedef.prop(place.uuid.id) and typedef.prop(place.key.id):
        props.update({place.uuid.id: key_uuid, place.key.id: key})
    return props, ()


def _names(props: Mapping[str, PropertyValue], secondary: tuple[str, ...]) -> str:
    listed = ", ".join(props) or "no custom properties"
    return listed + (f"; secondary {', '.join(secondary)}" if secondary else "")


def _id_shape(ids: list[str]) -> str:
    if all(_HEX32.match(i) for i in ids):
        return "32 hex digits"
    if all(_GUID.match(i) for i in ids):
        return "GUIDs" + (" in braces" if all(i.startswith("{") for i in ids) else "")
    marks = sorted({c for i in ids for c in i if not c.isalnum()})
    return f"opaque, {min(map(len, ids))}-{max(map(len, ids))} characters" + (
        f", with {' '.join(marks)}" if marks else "")


def create_objects(run: Run) -> Made:
    """write.folder, write.document, shape.path, shape.ids, identity.roundtrip."""
    rec, wire = run.rec, run.wire
    key_uuid, key = str(uuid.uuid4()), f"egov-probe:{uuid.uuid4().hex}"
    rec.begin(T["write.folder"])
    folder_type, folder_def = run.level("akte", "cmis:folder")
    props, secondary = record_properties(run, folder_def, key_uuid, key + "/akte")
    outcome = rec.attempt(f"POST createFolder {run.path}/akte ({folder_type}; {_names(props, secondary)})",
                          lambda: wire.create_folder(run.path, "akte", folder_type, props, secondary),
                          lambda _f: "created")
    folder, error = outcome
    rec.check("write.folder", T["write.folder"], "pass" if folder else "fail",
              f"created a {folder_type} with {len(props)} properties" if folder else _refused(error),
              "Akten, Teilakten and Vorgänge are created with their metadata in one request." if folder else
              "The adapter cannot create record folders this way: see the evidence.", needed=True)
    rec.begin(T["write.document"])
    doc_type, doc_def = run.level("dokument", "cmis:document")
    content = run.content(64 * 1024, "egov-probe-dokument.bin")
    props, secondary = record_properties(run, doc_def, key_uuid, key)
    request = (f"POST createDocument {run.path}/dokument.bin ({doc_type}; {_names(props, secondary)}; content "
               f"{content.size} bytes)")
    created_at = time.monotonic()  # before the request: the lag measured is never shorter than the DMS's
    outcome = rec.attempt(request, lambda: wire.create_document(run.path, "dokument.bin", doc_type, props, content,
                                                                secondary), lambda _d: "created")
    document, error = outcome
    rec.check("write.document", T["write.document"], "pass" if document else "fail",
              f"created a {doc_type} with {len(props)} properties and {content.size} bytes of content"
              if document else _refused(error),
              "A filing is one request: properties and content together, never an object without our keys." if document
              else "The adapter files documents this way; without it nothing can be filed.", needed=True)
    if folder is not None:
        rec.begin(T["shape.path"])
        raw = folder.properties.get("cmis:path")
        expected = f"{run.path}/akte"
        shape = ("as expected" if raw == expected else "with a trailing '/'" if raw == expected + "/" else
                 "not given" if raw is None else "in another shape")
        rec.check("shape.path", T["shape.path"], "pass" if raw in (expected, expected + "/") else "fail",
                  f"{raw!r} for {expected!r}: {shape}",
                  "The connectors read paths without a trailing '/'." if raw == expected + "/" else
                  "Folders are addressed by path, as the adapter does." if raw == expected else
                  "The adapter addresses folders by path and compares paths: this DMS's paths need a vendor fix.")
    made = [i for i in (folder, document) if i is not None]
    if made:
        rec.begin(T["shape.ids"])
        ids = [i.ref.id for i in made]
        rec.check("shape.ids", T["shape.ids"], "pass", f"{_id_shape(ids)}; e.g. {ids[0]!r}",
                  "Ids are opaque to the adapter: stored as given, sent as parameters, never parsed or used in paths.")
    if document is not None:
        _roundtrip(run, document, key_uuid, key)
    return Made(folder, document, content, key_uuid, key, doc_type, created_at)


def _roundtrip(run: Run, document: DmsItem, key_uuid: str, key: str) -> None:
    rec, place = run.rec, run.read.identity
    rec.begin(T["identity.roundtrip"])
    if place.uuid is None or place.key is None:
        rec.check("identity.roundtrip", T["identity.roundtrip"], "fail", "no property to hold our keys",
                  "See 'Where the UUID and the idempotency key can live'.", needed=True)
        return
    path = f"{run.path}/dokument.bin"
    outcome = rec.attempt(f"GET getObjectByPath {path}", lambda: run.wire.get_by_path(path),
                         lambda b: "found" if b else "not found")
    back, _error = outcome
    got = (back.properties.get(place.uuid.id), back.properties.get(place.key.id)) if back else (None, None)
    ok = got == (key_uuid, key)
    rec.check("identity.roundtrip", T["identity.roundtrip"], "pass" if ok else "fail",
              f"{place.uuid.id} and {place.key.id} read back by path " + ("unchanged" if ok else f"as {got!r}"),
              "After a lost answer the adapter reads the object at the path and recognises it by these values."
              if ok else "The adapter could not recognise its own objects after a lost answer.", needed=True)


def content_checks(run: Run, made: Made) -> None:
    """content.hash, content.download, content.range on the created document."""
    rec, document, content = run.rec, made.document, made.content
    if document is None:
        return
    rec.begin(T["content.hash"])
    reported = document.content_sha256
    raw = document.properties.get("cmis:contentStreamHash")
    status: CheckStatus = "not-supported" if reported is None else "pass" if reported == content.sha256 else "fail"
    rec.check("content.hash", T["content.hash"], status,
              "no SHA-256 reported" + ("" if raw is None else f" (cmis:contentStreamHash {raw!r})")
              if reported is None else f"SHA-256 reported, {'equal to' if status == 'pass' else 'unlike'} ours",
              "The adapter compares it with its own after each upload (no read-back)." if status == "pass" else
              "The adapter reads each upload back to verify it (content.verify_read_back: true): one more "
              "download per filing." if reported is None else "The DMS reports a hash that does not match.")
    rec.begin(T["content.download"])
    outcome = rec.attempt("GET getContentStream", lambda: run.wire.download(document), _sized)
    got, error = outcome
    exact = got is not None and hashlib.sha256(got[1]).hexdigest() == content.sha256
    rec.check("content.download", T["content.download"], "pass" if exact else "fail",
              f"{len(got[1])} bytes, SHA-256 {'equal' if exact else 'different'}" if got else _refused(error),
              "Downloads give back exactly what was filed." if exact else "The DMS changes content.", needed=True)
    rec.begin(T["content.range"])
    outcome = rec.attempt("GET getContentStream Range: bytes=100-199",
                          lambda: run.wire.download(document, (100, 199)), _sized)
    part, error = outcome
    ranged = part is not None and part[0] == 206 and part[1] == content.read_all()[100:200]
    rec.check("content.range", T["content.range"], "pass" if ranged else "not-supported",
              "206 with the right 100 bytes" if ranged else _sized(part) if part is not None else _refused(error),
              "Downloads can resume, and the API serves Range requests without fetching the whole file."
              if ranged else "The API's Range requests are served by reading past the skipped part.")


def secondary_checks(run: Run) -> None:
    rec = run.rec
    rec.begin(T["secondary.attach"])
    candidates = [t for t in run.read.types if t.base == "cmis:secondary" and t.id != "cmis:secondary"
                  and not any(p.mandatory for p in t.custom)]
    if not candidates:
        rec.check("secondary.attach", T["secondary.attach"], "not-supported", "no secondary type to attach",
                  "Nothing to attach: keys and metadata live in the types' own properties.")
        return
    target = candidates[0]
    outcome = rec.attempt(f"POST createFolder {run.path}/secondary (cmis:folder)",
                          lambda: run.wire.create_folder(run.path, "secondary", "cmis:folder", {}),
                          lambda _f: "created")
    if outcome.value is None:
        rec.check("secondary.attach", T["secondary.attach"], "skipped", "no folder to try it on", "Not measured.")
        return
    document = outcome.value
    outcome = rec.attempt(f"POST updateProperties addSecondaryTypeId {target.id}",
                          lambda: run.wire.update(document, {}, add_secondary=[target.id]),
                          _listed)
    added, error = outcome
    ok = False
    if added is not None and target.id in _secondaries(added):
        attached = added
        outcome = rec.attempt(f"POST updateProperties removeSecondaryTypeId {target.id}",
                              lambda: run.wire.update(attached, {}, remove_secondary=[target.id]),
                              _listed)
        removed, error = outcome
        ok = removed is not None and target.id not in _secondaries(removed)
    why = describe(error) if error is not None else "the list of secondary types did not change"
    rec.check("secondary.attach", T["secondary.attach"], "pass" if ok else "fail",
              f"{target.id} attached and detached" if ok else f"not honoured: {why}",
              "Secondary types can be added to filed objects (a record's keys, when a profile keeps them there)."
              if ok else "The repository declares secondary types but does not honour attaching them.")


def _sized(answer: tuple[int, bytes]) -> str:
    return f"{answer[0]}, {len(answer[1])} bytes"


def _listed(item: DmsItem) -> str:
    return f"secondary types {_secondaries(item)}"


def _rows(rows: list[str]) -> str:
    return f"{len(rows)} rows"


def _refused(error: AdapterError | None) -> str:
    return f"refused: {describe(error)}" if error is not None else "refused"


def _secondaries(item: DmsItem) -> list[str]:
    value = item.properties.get("cmis:secondaryObjectTypeIds")
    return [str(v) for v in value] if isinstance(value, list) else []


def query_lag(run: Run, made: Made, limit_s: float) -> int | None:
    """Poll a query for the new document until it shows up (at most ``limit_s`` after its create was sent);
    the lag in ms, counted from then."""
    created_at = made.created_at
    rec, place = run.rec, run.read.identity
    rec.begin(T["query.lag"])
    if made.document is None:
        rec.check("query.lag", T["query.lag"], "skipped", "no document was created", "Not measured.")
        return None
    if place.uuid is not None and place.secondary is not None:
        statement = (f"SELECT cmis:objectId FROM {place.secondary.query_name} "
                     f"WHERE {place.uuid.query_name} = '{made.uuid}'")
    elif place.uuid is not None and run.read.levels.get("dokument"):
        statement = (f"SELECT cmis:objectId FROM {run.read.levels['dokument'][0].query_name} "
                     f"WHERE {place.uuid.query_name} = '{made.uuid}'")
    else:
        statement = "SELECT cmis:objectId FROM cmis:document WHERE cmis:name = 'dokument.bin'"
    polls, found = 0, False
    error: AdapterError | None = None
    while True:
        polls += 1
        if polls <= 2:
            outcome = rec.attempt(f"GET query {statement!r}", lambda: run.wire.query(statement, 10),
                                  _rows)
            rows, error = outcome
        else:
            rows, error = _quiet(run, statement)
        found = rows is not None and made.document.ref.id in rows
        if found or error is not None or time.monotonic() - created_at > limit_s:
            break
        time.sleep(0.1)
    lag_ms = int((time.monotonic() - created_at) * 1000)
    if polls > 2:
        rec.note(f"… the same query {polls - 2} more times", "found" if found else "not found")
    rec.check("query.lag", T["query.lag"], "pass" if found else "fail",
              (f"the new document showed up after {lag_ms / 1000:.2f} s ({polls} queries)" if found else
               f"not within {limit_s:.0f} s" if error is None else f"the query was refused: {describe(error)}"),
              "Queries trail the store; the adapter never relies on them for what it just filed (it reads by "
              "path) and finds older records by query." if found else
              "Searches do not see new objects in time; the adapter reads by path and its registry instead.")
    return lag_ms if found else None


def _quiet(run: Run, statement: str) -> tuple[list[str] | None, AdapterError | None]:
    """The query again, not noted as evidence one by one (the poll is summed up once)."""
    try:
        return run.wire.query(statement, 10), None
    except AdapterError as exc:
        return None, exc
