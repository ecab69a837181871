"""Benchmark: validate, read and map a large FVDaten.SGOAblegen.0605 (1,000 documents); open its container.

``run(args)`` returns timings (seconds, best of ``--repeat``) for: our ``validate`` (hardened pull
parse with limits + schema validation + head), the bare baseline (``lxml.etree.fromstring`` and
``XMLSchema.validate``), our whole import front half on one shared parse (``import_path``: hardened
parse + schema validation + ``read_sgo_message`` + ``plan_message``, i.e. the message mapped to
canonical records ready to file) with its parts (``hardened_parse_s`` beside ``bare_parse_s``,
``read_sgo_s``, ``plan_s``), and ``open_container`` on a ZIP holding the message and 1,000 small
primary documents. Arguments: ``--documents N``, ``--repeat N``, ``--doc-bytes N``, ``--xoev-dir
PATH`` (default: ../shared/xoev beside the checkout).
"""

from __future__ import annotations

import argparse
import copy
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from adapter.safexml import parse_bytes
from adapter.xoev.xdomea.container import open_container
from adapter.xoev.xdomea.message import check_tree, validate
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.sgo import read_sgo_message
from adapter.xoev.xdomea.to_records import ImportRules, plan_message

__all__ = ["run"]

_CHECKOUT = Path(__file__).resolve().parent.parent
_TEMPLATE = _CHECKOUT / "tests" / "data" / "xdomea" / "0605_template_3.0.0.xml"


def _message(documents: int) -> tuple[bytes, str, list[str]]:
    root = etree.fromstring(_TEMPLATE.read_bytes())
    ns = etree.QName(root).namespace
    template = root.find(f"{{{ns}}}SchriftgutobjektZumAblegen")
    root.remove(template)
    names = []
    for number in range(documents):
        item = copy.deepcopy(template)
        doc_id = str(uuid.uuid4())
        item.find(f"{{{ns}}}FachverfahrenObjektID").text = f"BA-{number:06d}"
        item.find(f".//{{{ns}}}Identifikation/{{{ns}}}ID").text = doc_id
        names.append(f"{doc_id}_dokument-{number}.pdf")
        item.find(f".//{{{ns}}}Dateiname").text = names[-1]
        root.append(item)
    process_id = root.findtext(f"{{{ns}}}Kopf/{{{ns}}}ProzessID")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8"), process_id, names


def _best(repeat: int, action: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def run(args: list[str]) -> dict[str, Any]:
    """Run the benchmark and return its measurements as a JSON-able dict."""
    parser = argparse.ArgumentParser(prog="bench xdomea")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--doc-bytes", type=int, default=10_000)
    parser.add_argument("--xoev-dir", type=Path, default=_CHECKOUT.parent / "shared" / "xoev")
    options = parser.parse_args(args)
    catalog = SchemaCatalog(options.xoev_dir)
    data, process_id, names = _message(options.documents)
    start = time.perf_counter()
    compiled = catalog.schema("3.0.0", "FVDaten.SGOAblegen.0605")
    first_compile = time.perf_counter() - start
    compiles_before = catalog.compiles
    report = validate(data, catalog=catalog)
    assert report.ok, report.problems[:3]
    ours = _best(options.repeat, lambda: validate(data, catalog=catalog))
    bare_parser = etree.XMLParser(resolve_entities=False, no_network=True)
    bare = _best(options.repeat, lambda: compiled.schema.validate(etree.fromstring(data, bare_parser)))
    rules = ImportRules()

    def import_path() -> int:
        tree = parse_bytes(data)  # the one parse: validated, then read and mapped
        checked = check_tree(tree, catalog=catalog)
        assert checked.ok and checked.head is not None
        return len(plan_message(read_sgo_message(tree.getroot(), checked.head), rules))

    assert import_path() == options.documents
    whole = _best(options.repeat, import_path)
    tree = parse_bytes(data)
    head = check_tree(tree, catalog=catalog).head
    assert head is not None
    read_s = _best(options.repeat, lambda: read_sgo_message(tree.getroot(), head))
    hardened = _best(options.repeat, lambda: parse_bytes(data))
    bare_parse = _best(options.repeat, lambda: etree.fromstring(data, bare_parser))
    sgos = read_sgo_message(tree.getroot(), head)
    plan_s = _best(options.repeat, lambda: plan_message(sgos, rules))
    with tempfile.TemporaryDirectory() as work:
        archive = Path(work) / "container.zip"
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
            out.writestr(f"{process_id}_FVDaten.SGOAblegen.0605.xml", data)
            for name in names:
                out.writestr(name, uuid.uuid4().bytes * (options.doc_bytes // 16))
        counter = iter(range(options.repeat))
        opened = _best(
            options.repeat,
            lambda: open_container(archive, Path(work) / f"out{next(counter)}", catalog=catalog),
        )
        zip_bytes = archive.stat().st_size
    return {
        "documents": options.documents,
        "message_bytes": len(data),
        "container_bytes": zip_bytes,
        "schema_compile_s": round(first_compile, 4),
        "recompiles_during_runs": catalog.compiles - compiles_before,
        "validate_s": round(ours, 4),
        "bare_lxml_parse_validate_s": round(bare, 4),
        "overhead_ratio": round(ours / bare, 2) if bare else None,
        "import_path_s": round(whole, 4),
        "read_sgo_s": round(read_s, 4),
        "hardened_parse_s": round(hardened, 4),
        "bare_parse_s": round(bare_parse, 4),
        "plan_s": round(plan_s, 4),
        "import_path_ratio": round(whole / bare, 2) if bare else None,
        "open_container_s": round(opened, 4),
    }
