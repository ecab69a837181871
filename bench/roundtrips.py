"""``python -m bench roundtrips``: requests per operation, adapter vs naive cmislib, counted by the sandbox.

Each contestant starts fresh (no caches). Counted at the sandbox's request counter:
- N filings into N existing Vorgänge (adapter: registry knows them; one create each),
- one new Akte + Vorgang + document (the first of a fresh process also reads the repository info
  and, its counter being new, looks the Akte up by UUID once: the constant),
- the naive baseline: getObjectByPath + createDocument per filing (plus its repository info).
"""

from __future__ import annotations

import argparse
from typing import Any

from bench._filers import AdapterFiler, NaiveCmislibFiler, payload, workdir
from bench._sandbox import sandbox_process


def run(args: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench roundtrips")
    parser.add_argument("--filings", type=int, default=20)
    opts = parser.parse_args(args)
    n = opts.filings
    small, tiny = payload(b"%PDF bench"), payload(b"%PDF")
    with sandbox_process() as sb:
        setup = AdapterFiler(sb.browser, workdir())
        akte = setup.new_akte("Bench Akte")
        vorgaenge = [setup.vorgang(akte, f"Vorgang {i}") for i in range(n)]
        # a fresh adapter process that shares the registry (as a restarted CLI or worker would)
        sb.reset_counter()
        fresh = AdapterFiler(sb.browser, setup.workdir)
        fresh.records.registry = setup.records.registry
        for i, vorgang in enumerate(vorgaenge):
            fresh.file(vorgang, f"Dokument {i}", small)
        adapter_existing = sb.requests_made()
        sb.reset_counter()
        new = AdapterFiler(sb.browser, workdir())  # fresh process, fresh registry
        new.file(new.vorgang(new.new_akte("Neue Akte"), "Neuer Vorgang"), "Erstes Dokument", tiny)
        adapter_first_new = sb.requests_made()
        sb.reset_counter()
        new.file(new.vorgang(new.new_akte("Zweite Akte"), "Neuer Vorgang"), "Erstes Dokument", tiny)
        adapter_new = sb.requests_made()
        sb.reset_counter()
        naive = NaiveCmislibFiler(sb.browser)
        for i, vorgang in enumerate(vorgaenge):
            naive.file(vorgang.path, f"naiv {i}.pdf", small)
        naive_existing = sb.requests_made()
        by_operation = sb.admin("GET", "counters")["by_operation"]
    return {
        "filings": n,
        "adapter": {"requests_for_n_filings_into_existing_vorgaenge": adapter_existing,
                    "requests_per_filing": round(adapter_existing / n, 2),
                    "requests_new_akte_vorgang_dokument": adapter_new,
                    "requests_first_new_akte_of_a_fresh_process": adapter_first_new},
        "naive_cmislib": {"requests_for_n_filings": naive_existing,
                          "requests_per_filing": round(naive_existing / n, 2),
                          "by_operation": by_operation},
        "ratio_requests_naive_to_adapter": round(naive_existing / max(adapter_existing, 1), 2),
    }
