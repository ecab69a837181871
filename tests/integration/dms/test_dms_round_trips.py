"""Round trips per operation, measured in the sandbox's request counter, for every binding.

The table is the measurement (``pytest -s`` prints it). Where AtomPub costs more, the reason:
- the first object of a custom type (and each new secondary type) costs one ``GET atom:type``:
  the Atom wire does not say which properties are multi-valued, and a create must name each
  property's type; the definition is kept for the connector's life (base types never cost one);
- adding a secondary type costs a fresh read of the object first: AtomPub can only set the whole
  ``cmis:secondaryObjectTypeIds`` list (the Browser binding has ``addSecondaryTypeId``);
- ensuring a missing chain costs fewer: below a folder just created nothing is looked up.
Where the Browser binding costs more, the reason:
- children come as succinct JSON (a sixth of the verbose size), which carries no property types: the
  first listing holding a type (object or secondary) costs one typeDefinition for it, kept for the
  connector's life, so that datetimes are told from numbers;
Where the Web Services binding costs more, the reason:
- createDocument, createFolder, updateProperties and moveObject answer only the object's id
  (CMIS-Messaging.xsd); the object, with the content hash that verifies an upload, costs a getObject;
- as over AtomPub, an answer does not say which properties are multi-valued: the first object of a
  custom type (and each new secondary type) costs one getTypeDefinition, kept for the connector's life;
- adding a secondary type reads the object first (updateProperties sets the whole list).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
from dms_helpers import BINDINGS, make_connector
from egov_sandbox.server import SandboxServer

from adapter.ports.dms import Dms, DmsItem, NewObject
from adapter.services.content import FileContent

EXPECTED = {  # operation: (browser, atompub, ws)
    "get_by_path / (cold: service document or repository info)": (2, 2, 2),
    "ensure_folders /A/B/C (all missing)": (7, 5, 8),
    "ensure_folders /A/B/C (again)": (0, 0, 0),
    "create_folder ea:akte, first of its type, with a secondary type": (1, 3, 4),
    "create_document ea:dokument, first of its type": (1, 2, 3),
    "create_document into a known folder": (1, 1, 2),
    "create_document repeated (name taken, ours)": (2, 2, 2),
    "get_by_path (document)": (1, 1, 1),
    "get(ref)": (1, 1, 1),
    "children (first listing of ea:dokument)": (2, 1, 1),
    "children (again)": (1, 1, 1),
    "update_properties": (1, 1, 2),
    "update_properties adding a secondary type": (1, 2, 3),
    "open_content and read": (1, 1, 1),
    "move between known folders": (1, 1, 2),
    "find (one hit)": (2, 2, 2),
    "delete": (1, 1, 1),
}


@pytest.mark.parametrize("binding", BINDINGS)
def test_round_trips_per_operation(binding: str, sandbox: SandboxServer, tmp_path: Path) -> None:
    """Each operation costs the requests in EXPECTED for this binding, no more."""
    path = tmp_path / "f.pdf"
    path.write_bytes(b"x" * 1000)
    source = FileContent.of(path, "f.pdf", "application/pdf")
    d = cast(Dms, make_connector(binding, sandbox))
    measured: dict[str, int] = {}

    def m(name: str, fn: Callable[[], object]) -> object:
        before = sandbox.counter.snapshot()["total"]
        result = fn()
        measured[name] = sandbox.counter.snapshot()["total"] - before
        return result

    def read_content() -> None:
        download = d.open_content(doc.ref)
        b"".join(download.chunks())
        download.close()

    m("get_by_path / (cold: service document or repository info)", lambda: d.get_by_path("/"))
    m("ensure_folders /A/B/C (all missing)", lambda: d.ensure_folders("/A/B/C", []))
    m("ensure_folders /A/B/C (again)", lambda: d.ensure_folders("/A/B/C", []))
    m("create_folder ea:akte, first of its type, with a secondary type", lambda: d.create_folder(
        NewObject("/A", "Akte", "ea:akte", {"ea:aktenzeichen": "1", "ea:objektUuid": "u"},
                  ("ea:fremdschluessel",))))
    new = NewObject("/A/B/C", "d1.pdf", "ea:dokument", {"ea:betreff": "b"})
    m("create_document ea:dokument, first of its type", lambda: d.create_document(
        NewObject("/A/B/C", "d0.pdf", "ea:dokument", {"ea:betreff": "b"}), source))
    doc = cast(DmsItem, m("create_document into a known folder", lambda: d.create_document(new, source)))
    m("create_document repeated (name taken, ours)", lambda: d.create_document(new, source))
    m("get_by_path (document)", lambda: d.get_by_path("/A/B/C/d1.pdf"))
    m("get(ref)", lambda: d.get(doc.ref))
    m("children (first listing of ea:dokument)", lambda: d.children("/A/B/C"))
    m("children (again)", lambda: d.children("/A/B/C"))
    m("update_properties", lambda: d.update_properties(doc.ref, {"ea:betreff": "c"}))
    m("update_properties adding a secondary type", lambda: d.update_properties(
        doc.ref, {"ea:objektUuid": "u9"}, ["ea:fremdschluessel"]))
    m("open_content and read", read_content)
    m("move between known folders", lambda: d.move(doc.ref, "/A/B/C", "/A/B"))
    m("find (one hit)", lambda: d.find("ea:fremdschluessel", "ea:objektUuid", "u9"))
    m("delete", lambda: d.delete(doc.ref))
    column = BINDINGS.index(binding)
    for name, count in measured.items():
        print(f"{binding:8s} {count:2d}  {name}")
    assert measured == {name: counts[column] for name, counts in EXPECTED.items()}
