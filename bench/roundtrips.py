"""``python -m bench roundtrips``: requests per operation, the adapter over each binding vs naive cmislib,
counted by the sandbox.

Each contestant starts fresh (no caches). Counted at the sandbox's request counter, per binding of the
adapter (Browser ``adapter``, AtomPub ``adapter_atompub``, Web Services ``adapter_ws``):
- N filings into N existing Vorgänge (the registry knows them; the first of a fresh process also
  reads the repository info, and a connector that addresses folders by id — Web Services — looks each
  new folder up by path once),
- M more filings into one of those Vorgänge (``requests_per_filing_warm``: the steady state),
- one new Akte + Vorgang + document (the first of a fresh process also looks the Akte up by UUID
  once: the constant),
- the naive baseline: getObjectByPath + createDocument per filing (plus its repository info).
"""

from __future__ import annotations

import argparse
from typing import Any

from bench._filers import AdapterFiler, NaiveCmislibFiler, payload, workdir
from bench._sandbox import Sandbox, sandbox_process

BINDINGS = ("browser", "atompub", "ws")


def _adapter(sb: Sandbox, binding: str, setup: AdapterFiler, vorgaenge: list[Any], small: Any,
             tiny: Any) -> dict[str, Any]:
    n = len(vorgaenge)
    # a fresh adapter process that shares the registry (as a restarted CLI or worker would)
    sb.reset_counter()
    fresh = AdapterFiler(sb.url(binding), setup.workdir, binding)
    fresh.records.registry = setup.records.registry
    for i, vorgang in enumerate(vorgaenge):
        fresh.file(vorgang, f"Dokument {binding} {i}", small)
    existing = sb.requests_made()
    sb.reset_counter()
    for i in range(n):
        fresh.file(vorgaenge[0], f"Wieder {binding} {i}", small)
    warm = sb.requests_made()
    sb.reset_counter()
    new = AdapterFiler(sb.url(binding), workdir(), binding)  # fresh process, fresh registry
    new.file(new.vorgang(new.new_akte(f"Neue Akte {binding}"), "Neuer Vorgang"), "Erstes Dokument", tiny)
    first_new = sb.requests_made()
    sb.reset_counter()
    new.file(new.vorgang(new.new_akte(f"Zweite Akte {binding}"), "Neuer Vorgang"), "Erstes Dokument", tiny)
    return {"requests_for_n_filings_into_existing_vorgaenge": existing,
            "requests_per_filing": round(existing / n, 2), "requests_per_filing_warm": round(warm / n, 2),
            "requests_new_akte_vorgang_dokument": sb.requests_made(),
            "requests_first_new_akte_of_a_fresh_process": first_new}


def run(args: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench roundtrips")
    parser.add_argument("--filings", type=int, default=20)
    parser.add_argument("--bindings", default=",".join(BINDINGS), help="the adapter's bindings to count")
    opts = parser.parse_args(args)
    n = opts.filings
    small, tiny = payload(b"%PDF bench"), payload(b"%PDF")
    result: dict[str, Any] = {"filings": n}
    with sandbox_process() as sb:
        setup = AdapterFiler(sb.browser, workdir())
        akte = setup.new_akte("Bench Akte")
        vorgaenge = [setup.vorgang(akte, f"Vorgang {i}") for i in range(n)]
        for binding in opts.bindings.split(","):
            key = "adapter" if binding == "browser" else f"adapter_{binding}"
            result[key] = _adapter(sb, binding, setup, vorgaenge, small, tiny)
        sb.reset_counter()
        naive = NaiveCmislibFiler(sb.browser)
        for i, vorgang in enumerate(vorgaenge):
            naive.file(vorgang.path, f"naiv {i}.pdf", small)
        naive_existing = sb.requests_made()
        by_operation = sb.admin("GET", "counters")["by_operation"]
    result["naive_cmislib"] = {"requests_for_n_filings": naive_existing,
                               "requests_per_filing": round(naive_existing / n, 2), "by_operation": by_operation}
    if "adapter" in result:
        result["ratio_requests_naive_to_adapter"] = round(
            naive_existing / max(result["adapter"]["requests_for_n_filings_into_existing_vorgaenge"], 1), 2)
    return result
