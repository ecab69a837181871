"""Every Protocol in ``adapter/ports/`` has its fake in ``tests/unit/fakes`` offering all its operations.

(mypy checks the signatures: ``tests/unit/fakes/_conformance.py``.) A new port without a fake fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Protocol

import fakes

import adapter.ports

#: port Protocol name -> the fake that implements it (ContentSource and Download: the fakes' content helpers)
FAKE_OF = {
    "Dms": fakes.FakeDms, "TypeCatalog": fakes.FakeDms, "ContentSource": fakes.BytesContent,
    "Download": fakes.BytesDownload, "Registry": fakes.FakeRegistry, "AktenzeichenCounter": fakes.FakeRegistry,
    "Journal": fakes.FakeJournal,
    "TenantJournals": fakes.FakeJournal, "Spool": fakes.FakeSpool, "Audit": fakes.FakeAudit, "Clock": fakes.FakeClock,
    "MessageTransport": fakes.FakeTransport, "ReplayStore": fakes.FakeReplayStore,
    "AussonderungLedger": fakes.FakeLedger,
}


def _port_protocols() -> dict[str, type]:
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(adapter.ports.__path__):
        module = importlib.import_module(f"adapter.ports.{info.name}")
        for name, value in vars(module).items():
            if (inspect.isclass(value) and value.__module__ == module.__name__
                    and Protocol in getattr(value, "__mro__", ()) and value is not Protocol):
                found[name] = value
    return found


def test_every_port_has_a_fake() -> None:
    """The Protocols of adapter/ports are exactly the ones this table maps to a fake."""
    assert sorted(_port_protocols()) == sorted(FAKE_OF)


def test_every_fake_offers_all_operations_of_its_port() -> None:
    """Each method and property a port declares exists on its fake."""
    for name, protocol in _port_protocols().items():
        operations = {m for m, v in vars(protocol).items()
                      if not m.startswith("_") and (callable(v) or isinstance(v, property))}
        missing = sorted(m for m in operations if not hasattr(FAKE_OF[name], m))
        assert missing == [], f"{FAKE_OF[name].__name__} lacks {missing} of {name}"
