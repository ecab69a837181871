"""Benchmark: an Aussonderung of many documents, and one of a single large file, through the real commands.

``run(args)`` starts the sandbox in its own process and, per round, files (in this process, not
measured) ``--akten`` Akten with ``--docs`` documents of ``--kib`` KiB in all, closed zdA in 1990.
Then every step runs as the ``egov-adapter aussonderung`` / ``xdomea import`` command in a process of
its own against that sandbox, the messages handed over as files (``--out``), the test archive
(``egov_sandbox.archive``) answering in this process:

    offer (0501) -> archive evaluates everything "A" -> xdomea import 0504, 0502 (-> 0505)
    -> deliver (0503 with every file) -> archive checks schema and hashes -> xdomea import 0507, 0506 (-> delete)

Per step: wall time, time per object, the process's peak RSS (``ru_maxrss`` from ``wait4``) and DMS
requests per object (the sandbox's counter). A step's time includes the command's start-up
(``startup_s``: ``egov-adapter --version`` measured alone). Then one Akte with a single
``--big-mib`` MiB document (default 1024) is delivered without an offer (Aussonderungsart A) and
confirmed, with the same figures. Medians over ``--rounds`` (default 3) for the many-documents case.
Arguments: ``--akten N``, ``--docs N``, ``--kib N``, ``--big-mib N`` (0: skip), ``--rounds N``,
``--version 3.0.0|3.1.0|4.0.0``, ``--xoev-dir PATH``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench._sandbox import Sandbox, clean_env, median, sandbox_process

__all__ = ["run"]

_CHECKOUT = Path(__file__).resolve().parent.parent
CHUNK = 1 << 20


def _env(sandbox: Sandbox, data: Path, version: str, xoev: Path) -> dict[str, str]:
    return clean_env(EGOV_DMS_URL=sandbox.browser, EGOV_DMS_USER="admin", EGOV_DMS_PASSWORD="admin",
                     EGOV_DATA_DIR=str(data), EGOV_XOEV_DIR=str(xoev), EGOV_AUSSONDERUNG_ARCHIVE="archiv:01",
                     EGOV_AUSSONDERUNG_AUTHORITY="stadt:05334002", EGOV_AUSSONDERUNG_VERSION=version,
                     EGOV_LOG_LEVEL="warning", EGOV_AUSSONDERUNG_MAX_CONTAINER_BYTES=str(4 * 1024**3))


def _command(env: dict[str, str], *args: str) -> tuple[float, int, str]:
    """Run ``egov-adapter ARGS``: (seconds, peak RSS in KiB, stdout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "adapter", *args], env=env, stdout=out, stderr=err,
                                cwd=_CHECKOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage (ru_maxrss: its peak RSS, KiB)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise RuntimeError(f"egov-adapter {' '.join(args)} failed: {err.read().decode()[-2000:]}")
        return seconds, usage.ru_maxrss, out.read().decode()


def _file(sandbox: Sandbox, data: Path, akten: int, docs: int, kib: int, art: str, big_mib: int = 0) -> int:
    """File the records through the adapter in this process; the number of objects (Akten, Vorgänge, documents)."""
    from adapter.bootstrap import open_adapter
    from adapter.config import load_settings
    from adapter.domain.codes import Aussonderungsart
    from adapter.domain.commands import CloseZdA, CreateAkte, FileDocument, UpdateMetadata
    from adapter.domain.metadata import Bearbeiter, Metadaten
    from adapter.domain.records import PrimaryFile
    from adapter.services.content import FileContent

    settings = load_settings({"EGOV_DMS_URL": sandbox.browser, "EGOV_DMS_USER": "admin", "EGOV_DMS_PASSWORD": "admin",
                              "EGOV_DATA_DIR": str(data / "filer")})
    clerk = Bearbeiter(kennung="bench")
    folder = data / "files"
    folder.mkdir(parents=True, exist_ok=True)
    with open_adapter(settings) as adapter:
        rc = adapter.mappings.record_class("umwelt-genehmigung")
        for index in range(akten):
            akte = adapter.records.create_akte(CreateAkte(bearbeiter=clerk, record_class=rc.key,
                                                          aktenplaneinheit=rc.aktenplaneinheit,
                                                          metadaten=Metadaten(betreff=f"Bench {index}")))
            if art != "A":
                adapter.lifecycle.update_metadata(UpdateMetadata(bearbeiter=clerk, object_id=akte.uuid, changes={
                    "aussonderungsart": Aussonderungsart(art)}))
            vorgang = adapter.records.container(akte, "vorgang", "Genehmigung", clerk)
            for number in range(docs // akten):
                path = folder / f"d{index}-{number}.pdf"
                size = big_mib * CHUNK if big_mib else kib * 1024
                with path.open("wb") as out:
                    for start in range(0, size, CHUNK):
                        out.write(os.urandom(min(CHUNK, size - start)))
                content = FileContent.of(path, media_type="application/pdf")
                adapter.records.file_document(FileDocument(
                    bearbeiter=clerk, record_class=rc.key, target_id=vorgang.uuid,
                    metadaten=Metadaten(betreff=f"Dokument {number}"),
                    dateien=(PrimaryFile(content.name, content.media_type, content.size, content.sha256),)), content)
                path.unlink()
            for record in (vorgang, akte):
                adapter.lifecycle.close_zda(CloseZdA(bearbeiter=clerk, object_id=record.uuid, ende=date(1990, 1, 1)))
    return akten * 2 + (docs // akten) * akten


def _step(sandbox: Sandbox, env: dict[str, str], objects: int, *args: str) -> tuple[dict[str, Any], str]:
    sandbox.reset_counter()
    seconds, rss, out = _command(env, *args)
    requests_made = sandbox.requests_made()
    return ({"s": round(seconds, 2), "ms_per_object": round(1000 * seconds / objects, 2),
             "peak_rss_mib": round(rss / 1024, 1), "requests_per_object": round(requests_made / objects, 2)}, out)


def _flow(sandbox: Sandbox, root: Path, version: str, xoev: Path, objects: int, *, offer: bool) -> dict[str, Any]:
    from egov_sandbox.archive import ArchivePeer
    from egov_sandbox.xta.mailbox import Mailboxes

    env = _env(sandbox, root / "adapter", version, xoev)
    peer = ArchivePeer(Mailboxes(["archiv:01"], root / "boxes"), "archiv:01", xoev, root / "archive",
                       rule=lambda _o: "A")
    steps: dict[str, Any] = {}
    process = None
    if offer:
        steps["offer"], out = _step(sandbox, env, objects, "aussonderung", "offer", "--out", str(root / "out1"))
        process = json.loads(out)["prozess_id"]
        (container,) = (root / "out1").iterdir()
        answers = sorted(peer.receive_file(container, root / "answers1"))
        for name, path in zip(("import_0504", "import_0502"), answers, strict=True):
            steps[name], _ = _step(sandbox, env, objects, "xdomea", "import", str(path), "--out", str(root / "r1"))
    deliver = ["aussonderung", "deliver", "--out", str(root / "out2")] + (["--process", process] if process else [])
    steps["deliver"], _ = _step(sandbox, env, objects, *deliver)
    containers = sorted((root / "out2").iterdir())
    start = time.perf_counter()
    answers = sorted(a for c in containers for a in peer.receive_file(c, root / "answers2"))
    steps["archive_check_s"] = round(time.perf_counter() - start, 2)
    if not all(r.valid for r in peer.received):
        raise RuntimeError(f"the archive refused a message: {[r.problems for r in peer.received]}")
    for path in answers:
        kind = "import_0506" if "0506" in path.name or "ImportBestaetigen" in path.name else "import_0507"
        steps[kind], _ = _step(sandbox, env, objects, "xdomea", "import", str(path), "--out", str(root / "r2"))
    steps["files_at_archive"] = len(peer.files)
    steps["container_mib"] = round(sum(c.stat().st_size for c in containers) / CHUNK, 1) if containers else 0
    return steps


def _medians(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in rounds[0].items():
        if isinstance(value, dict):
            out[key] = {k: median([r[key][k] for r in rounds]) for k in value}
        else:
            out[key] = median([float(r[key]) for r in rounds])
    return out


def run(args: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench aussonderung")
    parser.add_argument("--akten", type=int, default=10)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--kib", type=int, default=20)
    parser.add_argument("--big-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--version", default="4.0.0")
    parser.add_argument("--xoev-dir", type=Path, default=_CHECKOUT.parent / "shared" / "xoev")
    opts = parser.parse_args(args)
    result: dict[str, Any] = {"version": opts.version, "documents": opts.docs, "akten": opts.akten,
                              "goal_peak_rss_mib": 200}
    startup = []
    for _ in range(3):
        seconds, _rss, _out = _command(clean_env(), "--version")
        startup.append(seconds)
    result["startup_s"] = round(median(startup), 2)
    rounds = []
    for _ in range(opts.rounds):
        with tempfile.TemporaryDirectory(prefix="bench-aussonderung-") as tmp, sandbox_process() as sandbox:
            objects = _file(sandbox, Path(tmp), opts.akten, opts.docs, opts.kib, "B")
            rounds.append({"objects": objects, **_flow(sandbox, Path(tmp), opts.version, opts.xoev_dir, objects,
                                                       offer=True)})
    result["many"] = _medians(rounds)
    if opts.big_mib:
        with tempfile.TemporaryDirectory(prefix="bench-aussonderung-big-") as tmp, sandbox_process() as sandbox:
            objects = _file(sandbox, Path(tmp), 1, 1, 0, "A", big_mib=opts.big_mib)
            result["big"] = {"mib": opts.big_mib, "objects": objects,
                             **_flow(sandbox, Path(tmp), opts.version, opts.xoev_dir, objects, offer=False)}
    return result
