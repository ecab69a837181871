"""The Aussonderung's pure rules (``adapter.domain.aussonderung``): decisions inherited, context, deletion order."""

from __future__ import annotations

import uuid

from adapter.domain.aussonderung import Decision, Node, deletion_order, delivered, effective_decisions, subtree

A, V = Decision.ARCHIVE, Decision.DESTROY


def _tree() -> tuple[list[Node], dict[str, uuid.UUID]]:
    """Akte > (Dokument d0, Vorgang v1 > Dokument d1, Teilakte t > Vorgang v2 > Dokument d2)."""
    ids = {name: uuid.uuid4() for name in ("akte", "d0", "v1", "d1", "t", "v2", "d2")}
    parents = {"akte": None, "d0": "akte", "v1": "akte", "d1": "v1", "t": "akte", "v2": "t", "d2": "v2"}
    levels = {"akte": "akte", "t": "teilakte", "v1": "vorgang", "v2": "vorgang"}
    nodes = [Node(ids[n], ids[p] if p else None, levels.get(n, "dokument")) for n, p in parents.items()]
    return nodes, ids


def test_a_decision_goes_down_to_what_the_archive_did_not_name() -> None:
    """v1 named V: it and its document are V; everything else follows the Akte's A; documents are never named."""
    nodes, ids = _tree()
    found = effective_decisions(nodes, {ids["akte"]: A, ids["v1"]: V, ids["d2"]: V})
    assert [found[ids[n]] for n in ("akte", "d0", "v1", "d1", "t", "v2", "d2")] == [A, A, V, V, A, A, A]


def test_nothing_named_above_an_object_leaves_it_without_decision() -> None:
    """Only the Teilakte named: the Akte, its own document and Vorgang v1 stay undecided."""
    nodes, ids = _tree()
    found = effective_decisions(nodes, {ids["t"]: V})
    assert found[ids["akte"]] is None and found[ids["d0"]] is None and found[ids["d1"]] is None
    assert found[ids["v2"]] is V and found[ids["d2"]] is V


def test_a_destroyed_container_travels_as_context_of_what_is_archived_inside() -> None:
    """The Akte V with v2 A: the Akte and the Teilakte are delivered (context), v1 and d0 are not."""
    nodes, ids = _tree()
    found = effective_decisions(nodes, {ids["akte"]: V, ids["v2"]: A})
    going = delivered(nodes, found)
    assert going == {ids["akte"], ids["t"], ids["v2"], ids["d2"]}


def test_children_are_deleted_before_their_containers() -> None:
    """Every object once; each after everything inside it; subtree lists parents first."""
    nodes, ids = _tree()
    order = deletion_order(nodes)
    assert sorted(order) == sorted(ids.values()) and order[-1] == ids["akte"]
    for node in nodes:
        if node.parent is not None:
            assert order.index(node.uuid) < order.index(node.parent)
    assert subtree(nodes, ids["t"]) == [ids["t"], ids["v2"], ids["d2"]]
