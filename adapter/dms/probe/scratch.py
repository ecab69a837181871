"""The scratch folder: the only place a probe writes, left as it was found, also after a crash.

A run works in a folder of its own inside the scratch folder, named ``egov-probe-<UTC time>-<token>``
(``RUN_PREFIX``): the name is the record of what a run created. The run deletes that folder (the
whole tree) at its end, also after a failure; a run killed before that leaves it behind, and the
next run deletes every ``egov-probe-…`` object it finds in the scratch folder before it starts.
Two probes must therefore not share a scratch folder at the same time.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from functools import partial

from adapter.dms.probe.record import Recorder, describe
from adapter.dms.probe.wire import ProbeWire
from adapter.domain.errors import AdapterError, ConfigurationError
from adapter.ports.dms import DmsItem

__all__ = ["RUN_PREFIX", "WRITE_TITLES", "Scratch"]

RUN_PREFIX = "egov-probe-"

#: every check of the write mode, in the order a run makes them (shown as skipped in read-only mode)
WRITE_TITLES = {
    "scratch.leftovers": "Leftovers of an earlier probe run",
    "scratch.run": "Run folder inside the scratch folder",
    "write.folder": "Folder of the Akte type with its properties",
    "write.document": "Document with properties and content in one request",
    "shape.path": "Shape of cmis:path",
    "shape.ids": "Shape of object ids",
    "identity.roundtrip": "External keys round trip",
    "content.hash": "Content hash (cmis:contentStreamHash)",
    "content.download": "Byte-exact download",
    "content.range": "Range requests",
    "secondary.attach": "Secondary type attach and detach",
    "query.lag": "Query consistency lag",
    "names.chars": "Characters refused in names",
    "names.trailing": "Trailing dot or space in names",
    "names.length": "Longest name",
    "names.duplicate": "Repeated create with the same name",
    "names.case": "Names compared ignoring case",
    "versioning.checkout": "Check-out and private working copy visibility",
    "versioning.checkin": "Check-in and version series listing",
    "versioning.minor": "Minor versions",
    "acl.apply": "ACL apply",
    "acl.refusal": "Effective refusal for a second DMS user",
    "content.size": "Largest content size within the operator's limit",
    "scratch.cleanup": "Everything created is deleted",
}


class Scratch:
    def __init__(self, wire: ProbeWire, rec: Recorder, folder: str) -> None:
        self.wire, self.rec = wire, rec
        self.folder = "/" + folder.strip("/") if folder.strip("/") else "/"
        self.run: DmsItem | None = None
        self.path = ""

    def _remove(self, item: DmsItem) -> None:
        if item.is_folder:
            self.wire.delete_tree(item)
        else:
            self.wire.delete(item)

    def prepare(self) -> str | None:
        """Check the scratch folder, remove what killed runs left, make this run's folder; its path (None:
        the DMS refused it)."""
        rec, wire = self.rec, self.wire
        rec.begin(WRITE_TITLES["scratch.leftovers"])
        folder = rec.call(f"GET getObjectByPath {self.folder}", lambda: wire.get_by_path(self.folder),
                          lambda f: "not found" if f is None else "folder" if f.is_folder else "not a folder")
        if folder is None or not folder.is_folder:
            raise ConfigurationError(f"the scratch folder {self.folder} does not exist in the DMS (or is not a "
                                     "folder): create it, or name another with --scratch-folder")
        children = rec.call(f"GET getChildren {self.folder}", lambda: wire.children(self.folder),
                            lambda c: f"{len(c)} objects")
        leftovers = [c for c in children if c.name.startswith(RUN_PREFIX)]
        failed = []
        for item in leftovers:
            verb = "deleteTree" if item.is_folder else "deleteObject"
            if rec.attempt(f"{verb} {item.name}", partial(self._remove, item)).error is not None:
                failed.append(item.name)
        names = ", ".join(sorted(c.name for c in leftovers))
        rec.check("scratch.leftovers", WRITE_TITLES["scratch.leftovers"], "fail" if failed else "pass",
                  (f"removed {len(leftovers) - len(failed)} of {len(leftovers)} left by earlier runs: {names}"
                   if leftovers else "none"),
                  "A probe killed before its cleanup leaves its run folder; every run removes such leftovers first."
                  if not failed else f"Could not remove {', '.join(failed)}: remove them by hand.")
        rec.begin(WRITE_TITLES["scratch.run"])
        name = f"{RUN_PREFIX}{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
        made = rec.attempt(f"POST createFolder {self.folder}/{name} (cmis:folder)",
                           lambda: wire.create_folder(self.folder, name, "cmis:folder", {}), lambda _r: "created")
        self.run = made.value
        self.path = self.folder.rstrip("/") + "/" + name
        rec.check("scratch.run", WRITE_TITLES["scratch.run"], "pass" if made.value else "fail",
                  self.path if made.value else f"refused: {describe(made.error) if made.error else '-'}",
                  "Everything this run creates lies below it and is deleted at the end." if made.value else
                  "The configured DMS user may not create folders in the scratch folder: no write check can run.",
                  needed=True)
        return self.path if made.value else None

    def cleanup(self) -> None:
        """Delete the run folder with everything in it and confirm it is gone."""
        rec, wire, run = self.rec, self.wire, self.run
        if run is None:
            rec.begin(WRITE_TITLES["scratch.cleanup"])
            rec.check("scratch.cleanup", WRITE_TITLES["scratch.cleanup"], "skipped", "no run folder was created",
                      "Nothing to delete.")
            return
        rec.begin(WRITE_TITLES["scratch.cleanup"])
        error = rec.attempt(f"deleteTree {self.path} (allVersions)", lambda: wire.delete_tree(run)).error
        gone: DmsItem | None = None
        try:
            gone = rec.call(f"GET getObjectByPath {self.path}", lambda: wire.get_by_path(self.path),
                            lambda f: "gone" if f is None else "still there")
        except AdapterError:
            gone = run
        ok = error is None and gone is None
        rec.check("scratch.cleanup", WRITE_TITLES["scratch.cleanup"], "pass" if ok else "fail",
                  f"{self.path} deleted" if ok else f"{self.path} is still there",
                  "The scratch folder is as the probe found it." if ok else
                  "The next probe run removes it (its name starts with egov-probe-), or remove it by hand.")
        self.run = None
