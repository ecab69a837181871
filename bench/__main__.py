"""``python -m bench NAME [ARGS]``: run one benchmark and print its JSON result."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                  if not m.name.startswith("_"))


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(f"usage: python -m bench NAME [ARGS]\nbenchmarks: {', '.join(available())}", file=sys.stderr)
        return 2 if not argv else 0
    name, args = argv[0], argv[1:]
    if name not in available():
        print(f"unknown benchmark {name!r}; available: {', '.join(available())}", file=sys.stderr)
        return 2
    from adapter.bootstrap import tune_garbage_collector
    from adapter.logs import configure_logging

    configure_logging("console", "warning")  # stdout carries the JSON result only
    bench = importlib.import_module(f"bench.{name}")
    tune_garbage_collector()  # as every ``egov-adapter`` process starts (``bootstrap.main``); baselines gain alike
    result = bench.run(args)
    print(json.dumps(result, indent=2, sort_keys=True, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
