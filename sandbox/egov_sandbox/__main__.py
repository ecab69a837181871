"""``python -m egov_sandbox``: serve a sandbox repository until interrupted (SIGINT or SIGTERM).

Options as ``egov-adapter sandbox`` has them: ``--host``, ``--port`` (0 picks a free one), ``--data``,
``--profile``, ``--users`` (``user:password[:group|group],…``; default admin/admin on loopback only),
``--faults`` (JSON rules or ``@file.json``) and ``--seed``. It prints its URLs, one per line, and
``sandbox stopped`` when it ends. Exit 2 when it cannot start (bad option, port taken).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from egov_sandbox.faults import FaultInjector
from egov_sandbox.server import SandboxServer


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m egov_sandbox", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--data", type=Path, default=Path("egov-data/sandbox"))
    parser.add_argument("--profile", default="generic")
    parser.add_argument("--users", default=None)
    parser.add_argument("--faults", default=None)
    parser.add_argument("--seed", type=int, default=None)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        rules = []
        if args.faults:
            text = Path(args.faults[1:]).read_text("utf-8") if args.faults.startswith("@") else args.faults
            rules = FaultInjector.rules_from_json(json.loads(text))
        server = SandboxServer(args.data, host=args.host, port=args.port, profile=args.profile, users=args.users,
                               faults=rules, seed=args.seed)
    except (ValueError, TypeError, OSError) as exc:
        print(f"error: cannot start the sandbox: {exc}", file=sys.stderr)
        return 2
    urls = server.urls
    print(f"sandbox ({server.personality_name}) serving data in {server.data_dir}")
    print(f"  Browser binding: {urls.browser}")
    print(f"  AtomPub binding: {urls.atom}")
    print(f"  repository id:   {urls.repository_id}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signo, _frame: stop.set())
    server.start()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print("sandbox stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
