"""Every name in ``__all__`` of the domain and mapping modules exists (the public API is explicit)."""

from __future__ import annotations

import importlib

import pytest

MODULES = [
    "adapter.domain.codes",
    "adapter.domain.metadata",
    "adapter.domain.records",
    "adapter.domain.aktenzeichen",
    "adapter.domain.allocation",
    "adapter.domain.commands",
    "adapter.domain.events",
    "adapter.domain.idempotency",
    "adapter.ports.aktenzeichen",
    "adapter.mapping",
    "adapter.mapping.fields",
    "adapter.mapping.loader",
    "adapter.mapping.mapper",
    "adapter.mapping.model",
    "adapter.mapping.names",
    "adapter.mapping.problems",
    "adapter.mapping.templates",
    "adapter.cli.mappings",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    """``__all__`` is present, non-empty, sorted-unique, and each listed name is defined."""
    module = importlib.import_module(name)
    exported = module.__all__
    assert exported and len(set(exported)) == len(exported)
    missing = [item for item in exported if not hasattr(module, item)]
    assert not missing
