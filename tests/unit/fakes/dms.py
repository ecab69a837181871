"""``FakeDms``: the ``Dms`` and ``TypeCatalog`` ports (``adapter.ports.dms``) as a repository in memory.

Simulates what the services rely on in a CMIS repository (the sandbox is the real peer, over HTTP):

* folders and documents addressed by path and by ``DmsRef``; names unique per folder (case-insensitive
  when the profile says so); a document's item carries no path (CMIS has ``cmis:path`` on folders only);
* types (``for_profile``): unknown or wrong-base types are ``InvalidInput``, a property the type and its
  secondary types do not define, or a string beyond the profile's ``max_length``, a ``Conflict``;
  setting a property to ``None`` removes it; ACL and ``acl_inherit`` kept per object (``acl_of``);
* the exactly-once create of the port: a taken name raises ``NameConflict`` unless the object at the
  path carries the ``NewObject.identity`` value (without identity: has the same type, as the connectors
  decide), then that object comes back with ``created=False``; a missing parent is ``NotFound``;
* content with its length and SHA-256 (``report_hashes=False``: a DMS that reports no hash);
* versions (CMIS §2.2.7): checkOut makes a private working copy with its own ref; checkIn turns the PWC
  into the latest version (next major or minor label, the comment kept); only the latest version can be
  changed or checked out, a checked-out document only through its PWC (``Conflict`` otherwise);
* ``find`` by equality on the latest versions of a type (or secondary type), by its query name;
* ``delete`` of a document removes its series, of a folder only when empty; deleting what is gone is
  no error.

Counts: ``requests`` per operation (one per port call; ``ensure_folders`` is one however many folders
it creates) and ``request_total()``; ``updates`` keeps the properties each ``update_properties`` sent,
``downloads`` every download handed out (``closed`` tells whether the reader closed it).

Failures and how to trigger them:

* ``lose_answer(operation)``: the next call commits, then raises ``OutcomeUnknown`` (a lost answer);
  for ``create_folder``, ``create_document``, ``update_properties``, ``move``, ``delete``, ``check_out``,
  ``check_in``.
* ``refuse(operation, error, times=1)``: the next calls raise ``error`` and change nothing (a 503, a
  refusal; ``times=None``: every call from now on).
* ``corrupt_uploads(n)``: the next ``n`` uploads store other bytes (the DMS reports their hash).
* ``rot(ref)``: the stored bytes change afterwards, the recorded hash stays (a download must notice).
* ``index_lag = True``: objects created from now on are invisible to ``find`` until ``catch_up()``.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from adapter.domain.errors import AdapterError, Conflict, InvalidInput, NameConflict, NotFound, OutcomeUnknown
from adapter.mapping import VendorProfile
from adapter.ports.clock import Clock, SystemClock
from adapter.ports.dms import (
    Ace,
    ContentSource,
    DmsItem,
    DmsRef,
    NewObject,
    PropertyInfo,
    PropertyValue,
    TypeInfo,
)
from fakes.content import BytesDownload

__all__ = ["FakeDms"]

ROOT = "root"
# the CMIS exception a real DMS would name (``adapter.dms.errors`` maps it to the same domain error)
_NOT_FOUND: dict[str, object] = {"dms_exception": "objectNotFound"}
_INVALID: dict[str, object] = {"dms_exception": "invalidArgument"}
_CONSTRAINT: dict[str, object] = {"dms_exception": "constraint"}
_VERSIONING: dict[str, object] = {"dms_exception": "versioning"}
_NAME: dict[str, object] = {"dms_exception": "nameConstraintViolation"}
_BASE_TYPES = {"cmis:folder": TypeInfo("cmis:folder", "folder", {}),
               "cmis:document": TypeInfo("cmis:document", "document", {})}


@dataclass
class _Obj:
    id: str
    name: str
    type_id: str
    is_folder: bool
    parent: str | None  # the filing folder; None for the root, an older version and a PWC
    created_at: datetime
    seq: int
    properties: dict[str, PropertyValue] = field(default_factory=dict)
    secondary: list[str] = field(default_factory=list)
    acl: tuple[Ace, ...] = ()
    acl_inherit: bool = True
    content: bytes | None = None
    mime: str | None = None
    sha256: str | None = None  # what the DMS recorded on upload
    series: str | None = None
    label: str | None = None
    latest: bool = True
    major: bool | None = None
    pwc: bool = False
    comment: str | None = None
    indexed: bool = True


class FakeDms:
    def __init__(self, *, types: Mapping[str, TypeInfo] | None = None, versionable: frozenset[str] | None = None,
                 query_names: Mapping[str, str] | None = None, max_lengths: Mapping[str, int] | None = None,
                 report_hashes: bool = True, case_insensitive: bool = False, user: str = "admin",
                 clock: Clock | None = None) -> None:
        self.types = {**_BASE_TYPES, **types} if types is not None else None
        self.versionable, self.query_names = versionable, dict(query_names or {})
        self.max_lengths, self.report_hashes = dict(max_lengths or {}), report_hashes
        self.case_insensitive, self.user, self.clock = case_insensitive, user, clock or SystemClock()
        self.requests: Counter[str] = Counter()
        self.updates: list[tuple[DmsRef, dict[str, PropertyValue]]] = []
        self.downloads: list[BytesDownload] = []
        self.index_lag = False
        self._seq = itertools.count()
        self._ids = itertools.count(1)
        self._objects: dict[str, _Obj] = {ROOT: self._new_obj(ROOT, "", "cmis:folder", True, None)}
        self._checked_out: dict[str, str] = {}  # series -> user
        self._lose: Counter[str] = Counter()
        self._refuse: dict[str, tuple[AdapterError, int | None]] = {}
        self._corrupt = 0

    @classmethod
    def for_profile(cls, profile: VendorProfile, **options: object) -> FakeDms:
        """A repository with the profile's types, property definitions, name rules and hash reporting."""
        types = {}
        for typedef in profile.types.values():
            props = {profile.properties[k].id: PropertyInfo(profile.properties[k].type, profile.properties[k].multi,
                                                            "readwrite") for k in typedef.properties}
            types[typedef.id] = TypeInfo(typedef.id, typedef.base, props)
        settings: dict[str, object] = {
            "types": types, "versionable": frozenset(t.id for t in profile.types.values() if t.versionable),
            "query_names": {t.queried_as: t.id for t in profile.types.values()},
            "max_lengths": {p.id: p.max_length for p in profile.properties.values() if p.max_length},
            "report_hashes": profile.content.hash_property, "case_insensitive": profile.names.case_insensitive}
        return cls(**{**settings, **options})  # type: ignore[arg-type]

    # --- switches -------------------------------------------------------------------------------

    def lose_answer(self, operation: str, times: int = 1) -> None:
        self._lose[operation] += times

    def refuse(self, operation: str, error: AdapterError, times: int | None = 1) -> None:
        self._refuse[operation] = (error, times)

    def corrupt_uploads(self, times: int = 1) -> None:
        self._corrupt += times

    def rot(self, ref: DmsRef) -> None:
        obj = self._obj(ref.id)
        obj.content = b"rotten " + (obj.content or b"")

    def catch_up(self) -> None:
        for obj in self._objects.values():
            obj.indexed = True

    def request_total(self) -> int:
        return sum(self.requests.values())

    def acl_of(self, ref: DmsRef) -> tuple[tuple[Ace, ...], bool]:
        """The ACEs an object was created with and whether it inherits its folder's."""
        obj = self._obj(ref.id)
        return obj.acl, obj.acl_inherit

    def documents(self) -> dict[str, bytes]:
        """Path -> content of every filed document (the latest versions), for counting what is stored."""
        return {self._path(o): o.content or b"" for o in self._objects.values()
                if not o.is_folder and o.parent is not None}

    # --- plumbing -------------------------------------------------------------------------------

    def _request(self, operation: str) -> None:
        self.requests[operation] += 1
        error, times = self._refuse.get(operation, (None, 0))
        if error is not None:
            if times is not None:
                if times <= 1:
                    del self._refuse[operation]
                else:
                    self._refuse[operation] = (error, times - 1)
            raise error

    def _answer(self, operation: str, item: DmsItem) -> DmsItem:
        if self._lose[operation]:
            self._lose[operation] -= 1
            raise OutcomeUnknown(f"{operation}: the answer was lost (FakeDms)", detail={"operation": operation})
        return item

    def _new_obj(self, oid: str, name: str, type_id: str, is_folder: bool, parent: str | None) -> _Obj:
        return _Obj(oid, name, type_id, is_folder, parent, self.clock.now(), next(self._seq),
                    indexed=not self.index_lag)

    def _key(self, name: str) -> str:
        return name.casefold() if self.case_insensitive else name

    def _obj(self, oid: str) -> _Obj:
        obj = self._objects.get(oid)
        if obj is None:
            raise NotFound(f"no object {oid!r}", detail=_NOT_FOUND)
        return obj

    def _children(self, folder: _Obj) -> list[_Obj]:
        return sorted((o for o in self._objects.values() if o.parent == folder.id), key=lambda o: o.name)

    def _child(self, folder: _Obj, name: str) -> _Obj | None:
        return next((o for o in self._children(folder) if self._key(o.name) == self._key(name)), None)

    def _at(self, path: str) -> _Obj | None:
        obj: _Obj | None = self._objects[ROOT]
        for segment in (s for s in path.split("/") if s):
            obj = self._child(obj, segment) if obj is not None and obj.is_folder else None
        return obj

    def _folder(self, path: str) -> _Obj:
        folder = self._at(path)
        if folder is None or not folder.is_folder:
            raise NotFound(f"folder {path!r} does not exist", detail=_NOT_FOUND)
        return folder

    def _path(self, obj: _Obj) -> str:
        names: list[str] = []
        while obj.parent is not None:
            names.insert(0, obj.name)
            obj = self._objects[obj.parent]
        return "/" + "/".join(names)

    def _item(self, obj: _Obj, *, created: bool = True) -> DmsItem:
        props: dict[str, PropertyValue] = {**obj.properties, "cmis:objectId": obj.id, "cmis:name": obj.name,
                                           "cmis:objectTypeId": obj.type_id,
                                           "cmis:secondaryObjectTypeIds": list(obj.secondary)}
        checked_out = self._checked_out.get(obj.series or "")
        return DmsItem(
            ref=DmsRef(obj.id), name=obj.name, type_id=obj.type_id, is_folder=obj.is_folder, properties=props,
            path=self._path(obj) if obj.is_folder else None, created=created,
            content_length=None if obj.content is None else len(obj.content), content_mime=obj.mime,
            content_sha256=obj.sha256 if self.report_hashes else None, version_label=obj.label,
            is_private_working_copy=obj.pwc, is_latest_version=obj.latest, is_major_version=obj.major,
            checkin_comment=obj.comment, checked_out_by=checked_out, created_at=obj.created_at)

    def _checked(self, type_id: str, base: str, secondary: Sequence[str], values: Mapping[str, PropertyValue],
                 current: Mapping[str, PropertyValue] | None = None) -> dict[str, PropertyValue]:
        """The object's properties after setting ``values``, checked against the type definitions."""
        out = dict(current or {})
        if self.types is not None:
            typedef = self.types.get(type_id)
            if typedef is None or typedef.base != base:
                raise InvalidInput(f"type {type_id!r} is not a {base} type", detail=_INVALID)
            defined = dict(typedef.properties)
            for sid in secondary:
                sec = self.types.get(sid)
                if sec is None or sec.base != "secondary":
                    raise InvalidInput(f"no secondary type {sid!r}", detail=_INVALID)
                defined.update(sec.properties)
            undefined = sorted(set(values) - set(defined))
            if undefined:
                raise Conflict(f"properties {undefined} are not defined for type {type_id!r}",
                               detail=_CONSTRAINT)
        for pid, value in values.items():
            limit = self.max_lengths.get(pid)
            if limit is not None and isinstance(value, str) and len(value) > limit:
                raise Conflict(f"{pid}: longer than {limit} characters", detail=_CONSTRAINT)
            if value is None:
                out.pop(pid, None)
            else:
                out[pid] = list(value) if isinstance(value, tuple) else value
        return out

    def _store(self, obj: _Obj, content: ContentSource) -> None:
        with content.open() as stream:
            data = stream.read()
        if self._corrupt:
            self._corrupt -= 1
            data = data[::-1] + b"\x00"
        obj.content, obj.mime, obj.sha256 = data, content.media_type, hashlib.sha256(data).hexdigest()

    def _create(self, operation: str, new: NewObject, is_folder: bool, content: ContentSource | None) -> DmsItem:
        self._request(operation)
        base = "folder" if is_folder else "document"
        properties = self._checked(new.type_id, base, new.secondary_type_ids, new.properties)
        if not new.name.strip() or "/" in new.name or len(new.name) > 255:
            raise NameConflict(f"the name {new.name!r} is not allowed", detail=_NAME)
        parent = self._folder(new.parent_path)
        existing = self._child(parent, new.name)
        if existing is not None:
            if _is_ours(self._item(existing), new):
                return replace(self._item(existing), created=False)
            raise NameConflict(f"an object named {new.name!r} already exists in the target folder",
                               detail=_NAME)
        obj = self._new_obj(f"obj-{next(self._ids)}", new.name, new.type_id, is_folder, parent.id)
        obj.properties, obj.secondary = properties, list(new.secondary_type_ids)
        obj.acl, obj.acl_inherit = tuple(new.acl), new.acl_inherit
        if content is not None:
            self._store(obj, content)
            if self.versionable is None or new.type_id in self.versionable:
                obj.series, obj.label, obj.major = obj.id, "1.0", True
        self._objects[obj.id] = obj
        return self._answer(operation, self._item(obj))

    # --- reading --------------------------------------------------------------------------------

    def get_by_path(self, path: str) -> DmsItem | None:
        self._request("get_by_path")
        obj = self._at(path)
        return None if obj is None else self._item(obj)

    def get(self, ref: DmsRef) -> DmsItem:
        self._request("get")
        return self._item(self._obj(ref.id))

    def children(self, path: str) -> Sequence[DmsItem]:
        self._request("children")
        return [self._item(o) for o in self._children(self._folder(path))]

    def open_content(self, ref: DmsRef) -> BytesDownload:
        self._request("open_content")
        obj = self._obj(ref.id)
        if obj.content is None:
            raise NotFound("the object has no content stream", detail=_CONSTRAINT)
        self.downloads.append(BytesDownload(obj.content, obj.mime))
        return self.downloads[-1]

    def find(self, type_query_name: str, property_id: str, value: str) -> Sequence[DmsItem]:
        self._request("find")
        type_id = self.query_names.get(type_query_name, type_query_name)
        return [self._item(o) for o in sorted(self._objects.values(), key=lambda o: o.seq)
                if o.indexed and o.latest and not o.pwc and o.id != ROOT
                and type_id in (o.type_id, *o.secondary) and _equals(o.properties.get(property_id), value)]

    def type_definition(self, type_id: str) -> TypeInfo | None:
        self._request("type_definition")
        return None if self.types is None else self.types.get(type_id)

    # --- writing --------------------------------------------------------------------------------

    def create_folder(self, new: NewObject) -> DmsItem:
        return self._create("create_folder", new, True, None)

    def create_document(self, new: NewObject, content: ContentSource) -> DmsItem:
        return self._create("create_document", new, False, content)

    def ensure_folders(self, path: str, type_ids: Sequence[str]) -> None:
        self._request("ensure_folders")
        folder = self._objects[ROOT]
        for i, name in enumerate(s for s in path.split("/") if s):
            child = self._child(folder, name)
            if child is None:
                type_id = type_ids[i] if i < len(type_ids) else "cmis:folder"
                self._checked(type_id, "folder", (), {})
                child = self._new_obj(f"obj-{next(self._ids)}", name, type_id, True, folder.id)
                self._objects[child.id] = child
            elif not child.is_folder:
                raise NameConflict(f"{name!r} is a document, not a folder")
            folder = child

    def update_properties(self, ref: DmsRef, properties: Mapping[str, PropertyValue],
                          add_secondary_type_ids: Sequence[str] = ()) -> DmsItem:
        self._request("update_properties")
        self.updates.append((ref, dict(properties)))
        obj = self._changeable(self._obj(ref.id))
        secondary = [*obj.secondary, *(s for s in add_secondary_type_ids if s not in obj.secondary)]
        obj.properties = self._checked(obj.type_id, "folder" if obj.is_folder else "document", secondary,
                                       properties, obj.properties)
        obj.secondary = secondary
        return self._answer("update_properties", self._item(obj))

    def _changeable(self, obj: _Obj) -> _Obj:
        if not obj.is_folder and not obj.pwc and not obj.latest:
            raise Conflict("only the latest version of a document can be changed", detail=_VERSIONING)
        if not obj.pwc and obj.series in self._checked_out:
            raise Conflict("the document is checked out; change its private working copy",
                           detail=_VERSIONING)
        return obj

    def move(self, ref: DmsRef, source_path: str, target_path: str) -> DmsItem:
        self._request("move")
        obj, source, target = self._obj(ref.id), self._folder(source_path), self._folder(target_path)
        if obj.parent != source.id:
            raise InvalidInput("the source folder is not the object's parent", detail=_INVALID)
        if self._child(target, obj.name) is not None:
            raise NameConflict(f"an object named {obj.name!r} already exists in the target folder")
        if obj.is_folder and self._path(target).startswith(self._path(obj).rstrip("/") + "/"):
            raise Conflict("a folder cannot be moved into its own subtree", detail=_CONSTRAINT)
        obj.parent = target.id
        return self._answer("move", self._item(obj))

    def delete(self, ref: DmsRef) -> None:
        self._request("delete")
        obj = self._objects.get(ref.id)
        if obj is None:
            return  # gone already: not an error
        if obj.id == ROOT or (obj.is_folder and self._children(obj)):
            raise Conflict("the folder is not empty (or the root)", detail=_CONSTRAINT)
        for gone in [o.id for o in self._objects.values() if o.id == obj.id or (obj.series and o.series == obj.series)]:
            del self._objects[gone]
        self._checked_out.pop(obj.series or "", None)
        if self._lose["delete"]:
            self._lose["delete"] -= 1
            raise OutcomeUnknown("delete: the answer was lost (FakeDms)", detail={"operation": "delete"})

    # --- versioning -----------------------------------------------------------------------------

    def check_out(self, ref: DmsRef) -> DmsItem:
        self._request("check_out")
        obj = self._obj(ref.id)
        if obj.series is None:
            raise Conflict("the object is not versionable", detail=_CONSTRAINT)
        if not obj.latest or obj.series in self._checked_out:
            raise Conflict("not the latest version, or already checked out", detail=_VERSIONING)
        pwc = replace(obj, id=f"obj-{next(self._ids)}", parent=None, label="pwc", latest=False, major=False,
                      pwc=True, comment=None, properties=dict(obj.properties), secondary=list(obj.secondary),
                      created_at=self.clock.now(), seq=next(self._seq))
        self._objects[pwc.id] = pwc
        self._checked_out[obj.series] = self.user
        return self._answer("check_out", self._item(pwc))

    def check_in(self, ref: DmsRef, properties: Mapping[str, PropertyValue], content: ContentSource | None,
                 major: bool = True, comment: str | None = None) -> DmsItem:
        self._request("check_in")
        pwc = self._obj(ref.id)
        if not pwc.pwc:
            raise Conflict("the object is not a private working copy", detail=_VERSIONING)
        pwc.properties = self._checked(pwc.type_id, "document", pwc.secondary, properties, pwc.properties)
        if content is not None:
            self._store(pwc, content)
        latest = next(o for o in self._objects.values() if o.series == pwc.series and o.latest)
        number, _, minor = (latest.label or "0.0").partition(".")
        label = f"{int(number) + 1}.0" if major else f"{number}.{int(minor or 0) + 1}"
        pwc.parent, latest.parent, latest.latest = latest.parent, None, False
        pwc.pwc, pwc.latest, pwc.major, pwc.label, pwc.comment = False, True, major, label, comment
        pwc.created_at, pwc.seq = self.clock.now(), next(self._seq)
        self._checked_out.pop(pwc.series or "", None)
        return self._answer("check_in", self._item(pwc))

    def cancel_check_out(self, ref: DmsRef) -> None:
        self._request("cancel_check_out")
        pwc = self._objects.get(ref.id)
        if pwc is None:
            return  # gone already
        if not pwc.pwc:
            raise Conflict("the object is not a private working copy", detail=_VERSIONING)
        del self._objects[pwc.id]
        self._checked_out.pop(pwc.series or "", None)

    def versions(self, ref: DmsRef) -> Sequence[DmsItem]:
        self._request("versions")
        obj = self._obj(ref.id)
        if obj.series is None:
            return [self._item(obj)]
        series = [o for o in self._objects.values() if o.series == obj.series]
        return [self._item(o) for o in sorted(series, key=lambda o: (not o.pwc, -o.seq))]

    def __iter__(self) -> Iterator[DmsItem]:
        """Every object but the root (what a test inspects)."""
        return iter([self._item(o) for o in self._objects.values() if o.id != ROOT])


def _is_ours(item: DmsItem, new: NewObject) -> bool:
    if new.identity is None:
        return item.type_id == new.type_id
    prop, value = new.identity
    return item.properties.get(prop) == value


def _equals(stored: PropertyValue, value: str) -> bool:
    return stored is not None and not isinstance(stored, list | tuple) and str(stored) == value
