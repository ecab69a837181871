"""``python -m bench growth``: do reads stay linear as one Akte grows to 1k, 10k, 50k documents?

One sandbox in its own process, one adapter (Browser binding unless ``--binding`` says otherwise,
a registry of its own). The Akte, its Vorgang and one document are filed through the adapter; the
other documents are *cloned in SQL*: straight into the sandbox's store (``objects`` and ``series``
rows, same type, secondary type, ACL and content as the template, a name, Betreff, UUID and
idempotency key of their own) and into the adapter's registry (level ``dokument`` under the
Vorgang). That is not the adapter's filing path (``bench filing`` measures that); it makes 50,000
documents in seconds, so the bench measures reading. The sizes grow the same Vorgang in turn.

Per size, each measured operation goes through the adapter over HTTP, ``--repeat`` times:

* ``show``: the E-Akte tree of the Aktenzeichen (``ReadingService.tree``; nodes = documents + 2),
* ``get``: one document's content (``ReadingService.download``, streamed and hash-checked),
* ``search``: documents by Betreff, equality, one hit (``SearchService.search``),
* ``query_0608``: the xdomea 0608 SGOSuchen path (``QueryAnswers``'s search: ``Betreff=<value>`` at
  every level of the class, answered with the Ablageort of each hit; the message's XML parse,
  which does not grow with the Akte, is left out).

Figures per size and operation: median wall time, requests the sandbox counted, client CPU (this
process) and sandbox CPU, each the median of the repeats. ``slopes`` are log-log slopes of the
median time between consecutive sizes (1.0 = linear, 2.0 = quadratic); ``show_ratio_10k_1k`` is
time(10,000 documents) / time(1,000), ``show_cpu_ratio_10k_1k`` the same for client + sandbox CPU
(which other load on a shared machine moves less than wall time). Goal: every slope <= 1.15 (linear
or better, with room for a shared machine's noise) and ``show`` of 10,000 under 10x the time of 1,000.
Arguments: ``--sizes 1000,10000,50000``, ``--repeat N``, ``--binding browser|atompub|ws``.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from adapter.services.records.reading import ReadingService
from adapter.services.records.search import SearchService
from adapter.services.xdomea.queries import QueryAnswers
from adapter.xoev.xdomea.queries import Search
from adapter.xoev.xdomea.to_records import ImportRules
from bench._filers import AdapterFiler, payload
from bench._sandbox import Sandbox, median, sandbox_process

__all__ = ["run"]

GOAL_SLOPE = 1.15
GOAL_SHOW_RATIO = 10.0
SENDER = "FV-UMWELT"


class Grower:
    """One Akte with one Vorgang, grown to any number of documents by cloning its first one in SQL."""

    def __init__(self, sb: Sandbox, data: Path, workdir: Path, binding: str) -> None:
        self.sb, self.data = sb, data
        self.filer = AdapterFiler(sb.url(binding), workdir, binding)
        self.akte = self.filer.new_akte("Wachstum")
        self.vorgang = self.filer.vorgang(self.akte, "Alle")
        self.filer.file(self.vorgang, "Dok 000000", payload(b"%PDF-1.4 growth\n" * 64))
        self.registry_path = workdir / f"registry-{id(self.filer)}.db"
        self.count = 1
        records = self.filer.records
        self.reading = ReadingService(records.dms, records.mappings, records.profile, records.registry, records)
        self.search = SearchService(records.dms, records.mappings, records.profile, records.registry)
        self.answers = QueryAnswers(records, ImportRules(classes_by_sender={SENDER: self.filer.rc.key}),
                                    answers=None, search=self.search)  # type: ignore[arg-type]  # _search only

    def grow(self, size: int) -> None:
        """Clone the template document until the Vorgang holds ``size`` documents."""
        first, self.count = self.count, max(self.count, size)
        store = sqlite3.connect(self.data / "sandbox.db", timeout=60, isolation_level=None)
        registry = sqlite3.connect(self.registry_path, timeout=60, isolation_level=None)
        try:
            store.row_factory = sqlite3.Row
            template = dict(store.execute("SELECT * FROM objects WHERE parent_id = ? AND base_type = 'cmis:document'"
                                          " ORDER BY creation_date LIMIT 1", (self.vorgang.ref,)).fetchone())
            props = json.loads(template["properties"])
            objects, series, records = [], [], []
            for i in range(first, self.count):
                oid, our = uuid.uuid4().hex, uuid.uuid4()
                name, betreff = f"dok-{i:06d}.pdf", f"Dok {i:06d}"
                row = dict(template, id=oid, name=name, name_key=name, version_series_id=oid, properties=json.dumps(
                    {**props, "ea:betreff": betreff, "ea:objektUuid": str(our), "ea:idempotenzschluessel": f"g-{our}"}))
                objects.append(tuple(row.values()))
                series.append((oid, self.vorgang.ref))
                records.append((str(our), "dokument", self.filer.rc.key, f"{self.vorgang.path}/{name}", oid, betreff,
                                str(self.vorgang.uuid)))
            columns = ", ".join(template)
            store.execute("BEGIN IMMEDIATE")
            store.executemany(f"INSERT INTO objects({columns}) VALUES ({', '.join('?' for _ in template)})", objects)
            store.executemany("INSERT INTO series(id, parent_id) VALUES (?, ?)", series)
            store.execute("COMMIT")
            registry.execute("BEGIN IMMEDIATE")
            registry.executemany("INSERT INTO records(uuid, level, record_class, path, ref, betreff, parent)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?)", records)
            registry.execute("COMMIT")
        finally:
            store.close()
            registry.close()

    def some_document(self) -> uuid.UUID:
        """A document from the middle of the Vorgang (by Betreff), its UUID from the registry."""
        registry = sqlite3.connect(self.registry_path)
        try:
            row = registry.execute("SELECT uuid FROM records WHERE betreff = ?", (self.middle(),)).fetchone()
        finally:
            registry.close()
        return uuid.UUID(row[0])

    def middle(self) -> str:
        return f"Dok {self.count // 2:06d}"


def _measure(sb: Sandbox, action: Callable[[], object], repeat: int) -> dict[str, Any]:
    walls, cpus, server, requests = [], [], [], []
    for _ in range(repeat):
        sb.reset_counter()
        s0, c0, w0 = sb.cpu_seconds(), time.process_time(), time.perf_counter()
        action()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
        server.append(sb.cpu_seconds() - s0)
        requests.append(sb.requests_made())
    return {"time_s": round(median(walls), 4), "requests": int(median([float(r) for r in requests])),
            "client_cpu_s": round(median(cpus), 4), "sandbox_cpu_s": round(median(server), 4)}


def _operations(grower: Grower) -> dict[str, Callable[[], object]]:
    doc = grower.some_document()
    wanted = grower.middle()
    rc = grower.filer.rc.key

    def show() -> object:
        tree = grower.reading.tree(grower.akte.aktenzeichen or "")
        assert len(tree.children[0].children) == grower.count, "show lost or repeated documents"
        return tree

    def get() -> object:
        _entry, _item, chunks = grower.reading.download(doc)
        return sum(len(c) for c in chunks)

    def search() -> object:
        hits = grower.search.search(rc, "dokument", "betreff", wanted)
        assert [h.id for h in hits] == [doc], hits
        return hits

    def query_0608() -> object:
        acted = grower.answers._search(Search(f"Betreff={wanted}", volltext=True, metadaten=True), SENDER)
        assert [a.our_id for a in acted] == [str(doc)], acted
        return acted

    return {"show": show, "get": get, "search": search, "query_0608": query_0608}


def _slopes(sizes: list[int], figures: dict[str, list[dict[str, Any]]]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for op, rows in figures.items():
        times = [max(row["time_s"], 1e-4) for row in rows]  # a floor, so that noise at ~0 s stays finite
        out[op] = [round(math.log(times[i + 1] / times[i]) / math.log(sizes[i + 1] / sizes[i]), 2)
                   for i in range(len(sizes) - 1)]
    return out


def run(args: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench growth")
    parser.add_argument("--sizes", default="1000,10000,50000", help="document counts, ascending")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--binding", default="browser", choices=("browser", "atompub", "ws"))
    opts = parser.parse_args(args)
    sizes = sorted({int(s) for s in opts.sizes.split(",") if s.strip()})
    figures: dict[str, list[dict[str, Any]]] = {}
    grown = []
    with tempfile.TemporaryDirectory(prefix="bench-growth-") as tmp, sandbox_process(Path(tmp) / "data") as sb:
        grower = Grower(sb, Path(tmp) / "data", Path(tmp), opts.binding)
        for size in sizes:
            started = time.perf_counter()
            grower.grow(size)
            grown.append({"documents": size, "nodes": size + 2, "fill_s": round(time.perf_counter() - started, 2)})
            for op, action in _operations(grower).items():
                action()  # warm: connections, type definitions, the folder cache
                figures.setdefault(op, []).append({"documents": size, **_measure(sb, action, opts.repeat)})
    slopes = _slopes(sizes, figures)
    result: dict[str, Any] = {"binding": opts.binding, "repeat": opts.repeat, "sizes": grown, "figures": figures,
                              "slopes": slopes, "goal_slope_max": GOAL_SLOPE, "goal_show_ratio_10k_1k": GOAL_SHOW_RATIO}
    show = {row["documents"]: row for row in figures.get("show", [])}
    ratio = cpu_ratio = None
    if 1000 in show and 10000 in show:
        ratio = round(show[10000]["time_s"] / show[1000]["time_s"], 2)
        cpu = {n: show[n]["client_cpu_s"] + show[n]["sandbox_cpu_s"] for n in (1000, 10000)}
        cpu_ratio = round(cpu[10000] / cpu[1000], 2)
    result["show_ratio_10k_1k"] = ratio
    result["show_cpu_ratio_10k_1k"] = cpu_ratio  # client + sandbox CPU: less moved by a busy machine
    result["goal_met"] = all(s <= GOAL_SLOPE for ss in slopes.values() for s in ss) and (
        ratio is None or ratio < GOAL_SHOW_RATIO)
    return result
