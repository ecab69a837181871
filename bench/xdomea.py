"""Benchmark: open, validate, read and map a large FVDaten.SGOAblegen.0605 (1,000 and 10,000 documents).

Per size (``--documents 1000,10000``) and version (``--versions 3.0.0,4.0.0``) the same documents
(same ids, names and bytes) are written into the version's test template
(``tests/data/xdomea/0605_template_<version>.xml``). In alternating rounds, so that all see the same
load on a shared machine, it times: our ``validate`` (hardened parse with limits + schema validation +
head), the bare baseline (``lxml.etree.fromstring`` and ``XMLSchema.validate`` on the same compiled
schema), our whole import front half on one shared parse (``import_path``: hardened parse + schema
validation + ``read_sgo_message`` + ``plan_message``, the message mapped to canonical records ready to
file) with its parts (``hardened_parse_s`` beside ``bare_parse_s``, ``read_sgo_s``, ``plan_s``), and
``open_container`` on a ZIP holding the message and the primary documents (named by the version's
rule): the message extracted into ``--work-dir`` (default: the system's temporary folder) and validated,
every document inflated once and hashed in the ZIP, nothing else written (removed outside the timing).
Beside it the physical bound ``inflate_hash``: a bare loop over the ``zipfile`` members that inflates
and SHA-256-hashes every document once, which opening cannot undercut (it has to read every byte).

Times are medians (``*_s``) with the best run beside them (``*_best_s``); ratios are of medians.
``import_path_ratio`` is against bare validation of the same version (goal ``<= 2.0``);
``import_floor_ratio`` is what no reader and plan can go below on this design: the same hardened
parse and validation, then one C-filtered walk over only the elements the plan needs and the same
frozen objects per document (keys included) built without any check (see ``_floor``);
``open_container_ratio`` is ``open_container`` against our ``validate`` of the same message (goal
``<= 1.0``), ``container_work_s`` what opening costs beyond that validation. ``inflate_hash_ratio``
is the bound against ``validate``: where it is above the goal, the content bytes alone make the goal
unreachable (``open_container_goal_reachable`` false), and ``open_container_bound_ratio`` (open against
the bound) and ``open_container_floor_ratio`` (open against validate + bound, what a sequential open
must at least spend) say how close opening comes.
Arguments: ``--documents N[,N...]``, ``--versions V[,V...]``, ``--repeat N`` (rounds), ``--doc-bytes N``,
``--work-dir PATH``, ``--xoev-dir PATH`` (default: ../shared/xoev beside the checkout).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import shutil
import statistics
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from adapter.domain.frozen import fast_init
from adapter.domain.idempotency import IdempotencyKey
from adapter.safexml import parse_bytes
from adapter.xoev.xdomea.container import open_container
from adapter.xoev.xdomea.message import check_tree, validate
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.sgo import NO_META, PrimaryRef, SgoDokument, SgoEntry, read_sgo_message
from adapter.xoev.xdomea.to_records import ImportRules, PlannedDocument, PlannedEntry, plan_message

__all__ = ["run"]

_CHECKOUT = Path(__file__).resolve().parent.parent
_DATA = _CHECKOUT / "tests" / "data" / "xdomea"
VERSIONS = ("3.0.0", "4.0.0")
#: per version: the element holding the document's id, where the head keeps the ProzessID, the message file
_LAYOUT = {"3.0.0": ("ID", "Kopf", "{pid}_FVDaten.SGOAblegen.0605.xml"),
           "4.0.0": ("xdomeaUUID", "nachrichtenkopf", "{pid}_0605_1.xml")}
GOAL_IMPORT_PATH = 2.0  # import path / bare lxml parse + validate
GOAL_OPEN = 1.0  # open_container / validate


def _message(version: str, documents: list[tuple[str, str]]) -> tuple[bytes, str]:
    """The template of ``version`` with one SchriftgutobjektZumAblegen per (document id, file name)."""
    root = etree.fromstring((_DATA / f"0605_template_{version}.xml").read_bytes())
    ns = etree.QName(root).namespace
    ident, head, _ = _LAYOUT[version]
    template = root.find(f"{{{ns}}}SchriftgutobjektZumAblegen")
    root.remove(template)
    for number, (doc_id, name) in enumerate(documents):
        item = copy.deepcopy(template)
        item.find(f"{{{ns}}}FachverfahrenObjektID").text = f"BA-{number:06d}"
        item.find(f".//{{{ns}}}Identifikation/{{{ns}}}{ident}").text = doc_id
        item.find(f".//{{{ns}}}Dateiname").text = name
        root.append(item)
    process_id = root.findtext(f"{{{ns}}}{head}/{{{ns}}}ProzessID") or ""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8"), process_id


@fast_init
@dataclass(frozen=True)
class _BareMeta:
    """``Metadaten``'s fields without its checks: what the floor builds per document."""

    betreff: str
    kennzeichen: tuple[str, ...] = ()
    vertraulichkeit: Any = None
    medium: Any = None
    laufzeit: Any = None
    federfuehrung: str | None = None
    aussonderungsart: Any = None
    aufbewahrungsdauer: int | None = None


def _floor(tree: Any, head: Any, rules: ImportRules, version: str) -> int:
    """The import path's floor after the parse and validation: one C-filtered walk over just the elements
    the plan needs (tag and text), and per document the frozen objects that the reader and the plan
    build, with their keys but without any check (``Meta`` shared, ``Metadaten`` unchecked)."""
    root = tree.getroot()
    ns = "{" + (etree.QName(root).namespace or "") + "}"
    entry, fv, ident, dok, ver, name = (ns + local for local in ("SchriftgutobjektZumAblegen", "FachverfahrenObjektID",
                                                                 _LAYOUT[version][0], "Dokument", "Version",
                                                                 "Dateiname"))
    record_class, process_id = rules.class_for(head.sender), head.process_id or ""
    planned = []
    current: list[Any] = []

    def close() -> None:
        line, fv_id, doc_id, doc_line, versions, file_name = current
        key = IdempotencyKey.of_message(process_id, fv_id)
        ref = PrimaryRef(file_name, None, None)
        sgo = SgoDokument(doc_id, NO_META, None, None, (ref,), versions, (), doc_line)
        item = SgoEntry(1, fv_id, None, sgo, None, line)
        meta: Any = _BareMeta(file_name.rsplit(".", 1)[0])
        doc = PlannedDocument(key.child("dokument"), doc_id, meta, ref, None, None)
        planned.append(PlannedEntry(item.number, fv_id, None, record_class, doc))

    for el in root.iter(entry, fv, ident, dok, ver, name):  # in document order; C matches the tags
        tag = el.tag
        if tag == entry:
            if current:
                close()
            current = [el.sourceline, "", "", None, 0, ""]
        elif tag == fv:
            current[1] = el.text
        elif tag == ident:
            current[2] = el.text
        elif tag == dok:
            current[3] = el.sourceline
        elif tag == ver:  # Format's own Version counts too: the floor touches elements, it does not interpret
            current[4] += 1
        elif tag == name:
            current[5] = el.text
    if current:
        close()
    return len(planned)


class _Version:
    """One version's message, container and the operations timed on it."""

    def __init__(self, version: str, documents: list[tuple[str, str]], payloads: list[bytes],
                 catalog: SchemaCatalog, work: Path) -> None:
        self.version, self.catalog = version, catalog
        self.data, process_id = _message(version, documents)
        self.compiled = catalog.schema(version, "FVDaten.SGOAblegen.0605")
        report = validate(self.data, catalog=catalog)
        assert report.ok, report.problems[:3]
        self.archive = work / f"{version}.zip"
        with zipfile.ZipFile(self.archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
            self.message_name = _LAYOUT[version][2].format(pid=process_id)
            out.writestr(self.message_name, self.data)
            for (_, name), payload in zip(documents, payloads, strict=True):
                out.writestr(name, payload)
        self.work, self.opened = work, 0
        self.tree = parse_bytes(self.data)
        head = check_tree(self.tree, catalog=catalog).head
        assert head is not None
        self.head = head
        self.sgos = read_sgo_message(self.tree.getroot(), head)
        self.bare_parser = etree.XMLParser(resolve_entities=False, no_network=True)
        self.rules = ImportRules()
        assert self.import_path() == len(documents) == self.import_floor()
        self.times: dict[str, list[float]] = {}

    def import_path(self) -> int:
        tree = parse_bytes(self.data)  # the one parse: validated, then read and mapped
        checked = check_tree(tree, catalog=self.catalog)
        assert checked.ok and checked.head is not None
        return len(plan_message(read_sgo_message(tree.getroot(), checked.head), self.rules))

    def import_floor(self) -> int:
        tree = parse_bytes(self.data)  # the same parse and validation as ``import_path``, then the floor walk
        checked = check_tree(tree, catalog=self.catalog)
        assert checked.ok and checked.head is not None
        return _floor(tree, checked.head, self.rules, self.version)

    def open(self) -> None:
        self.opened += 1
        open_container(self.archive, self.work / f"{self.version}-out{self.opened}", catalog=self.catalog).close()

    def inflate_hash(self) -> int:
        """The physical bound: every document member inflated and hashed once, nothing checked or kept."""
        count = 0
        with zipfile.ZipFile(self.archive) as archive:
            for info in archive.infolist():
                if info.filename == self.message_name:
                    continue
                digest = hashlib.sha256()
                with archive.open(info) as member:
                    while chunk := member.read(64 * 1024):
                        digest.update(chunk)
                count += 1
        return count

    def clean(self) -> None:
        """Remove what the last ``open`` extracted (outside the timing)."""
        shutil.rmtree(self.work / f"{self.version}-out{self.opened}", ignore_errors=True)

    def operations(self) -> dict[str, Callable[[], Any]]:
        return {
            "validate": lambda: validate(self.data, catalog=self.catalog),
            "bare_lxml_parse_validate": lambda: self.compiled.schema.validate(
                etree.fromstring(self.data, self.bare_parser)),
            "import_path": self.import_path,
            "import_floor": self.import_floor,
            "read_sgo": lambda: read_sgo_message(self.tree.getroot(), self.head),
            "hardened_parse": lambda: parse_bytes(self.data),
            "bare_parse": lambda: etree.fromstring(self.data, self.bare_parser),
            "plan": lambda: plan_message(self.sgos, self.rules),
            "open_container": self.open,
            "inflate_hash": self.inflate_hash,
        }

    def round(self) -> None:
        for name, action in self.operations().items():
            start = time.perf_counter()
            action()
            self.times.setdefault(name, []).append(time.perf_counter() - start)
        self.clean()

    def result(self) -> dict[str, Any]:
        median = {name: statistics.median(values) for name, values in self.times.items()}
        out: dict[str, Any] = {"message_bytes": len(self.data), "container_bytes": self.archive.stat().st_size}
        for name, values in self.times.items():
            out[f"{name}_s"] = round(median[name], 4)
            out[f"{name}_best_s"] = round(min(values), 4)
        bare = median["bare_lxml_parse_validate"]
        out["overhead_ratio"] = round(median["validate"] / bare, 2)
        out["import_path_ratio"] = round(median["import_path"] / bare, 2)
        out["import_floor_ratio"] = round(median["import_floor"] / bare, 2)
        out["open_container_ratio"] = round(median["open_container"] / median["validate"], 2)
        out["container_work_s"] = round(median["open_container"] - median["validate"], 4)
        out["inflate_hash_ratio"] = round(median["inflate_hash"] / median["validate"], 2)
        out["open_container_bound_ratio"] = round(median["open_container"] / median["inflate_hash"], 2)
        out["open_container_floor_ratio"] = round(
            median["open_container"] / (median["validate"] + median["inflate_hash"]), 2)
        out["open_container_goal_reachable"] = out["inflate_hash_ratio"] <= GOAL_OPEN
        out["goal_import_path_ratio"], out["goal_open_container_ratio"] = GOAL_IMPORT_PATH, GOAL_OPEN
        out["import_path_goal_met"] = out["import_path_ratio"] <= GOAL_IMPORT_PATH
        out["open_container_goal_met"] = out["open_container_ratio"] <= GOAL_OPEN
        return out


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def _size(count: int, options: argparse.Namespace, catalog: SchemaCatalog, work: Path) -> dict[str, Any]:
    documents = [(str(uuid.uuid4()), f"{uuid.uuid4()}_dokument-{n}.pdf") for n in range(count)]
    payloads = [uuid.uuid4().bytes * (options.doc_bytes // 16) for _ in documents]
    folder = work / f"n{count}"
    folder.mkdir()
    versions = [_Version(v, documents, payloads, catalog, folder) for v in options.versions.split(",")]
    for _ in range(options.repeat):
        for each in versions:  # alternating rounds: all versions under the same load
            each.round()
    results = {each.version: each.result() for each in versions}
    if len(versions) == 2:
        old, new = (results[v.version] for v in versions)
        results["import_path_40_over_30"] = round(new["import_path_s"] / old["import_path_s"], 2)
    return results


def run(args: list[str]) -> dict[str, Any]:
    """Run the benchmark and return its measurements as a JSON-able dict."""
    parser = argparse.ArgumentParser(prog="bench xdomea")
    parser.add_argument("--documents", default="1000,10000")
    parser.add_argument("--versions", default=",".join(VERSIONS))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--doc-bytes", type=int, default=10_000)
    parser.add_argument("--work-dir", type=Path, default=None)
    parser.add_argument("--xoev-dir", type=Path, default=_CHECKOUT.parent / "shared" / "xoev")
    options = parser.parse_args(args)
    catalog = SchemaCatalog(options.xoev_dir)
    compile_s = {}
    for version in options.versions.split(","):
        start = time.perf_counter()
        catalog.schema(version, "FVDaten.SGOAblegen.0605")
        compile_s[version] = round(time.perf_counter() - start, 4)
    compiles_before = catalog.compiles
    sizes: dict[str, Any] = {}
    if options.work_dir is not None:
        options.work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=options.work_dir) as folder:
        for count in _numbers(options.documents):
            sizes[str(count)] = _size(count, options, catalog, Path(folder))
        work_dir = str(Path(folder).parent)
    met = [(r["import_path_goal_met"], r["open_container_goal_met"])
           for per_version in sizes.values() for r in per_version.values() if isinstance(r, dict)]
    return {
        "documents": _numbers(options.documents),
        "rounds": options.repeat,
        "doc_bytes": options.doc_bytes,
        "work_dir": work_dir,
        "schema_compile_s": compile_s,
        "recompiles_during_runs": catalog.compiles - compiles_before,
        "goal_import_path_ratio": GOAL_IMPORT_PATH,
        "goal_open_container_ratio": GOAL_OPEN,
        "import_path_goal_met": all(i for i, _ in met),
        "open_container_goal_met": all(o for _, o in met),
        "sizes": sizes,
    }
