"""Run one benchmark: progress on stderr, its figures as one JSON line on stdout (last).

Each ``appraiser/bench/<name>.py`` defines ``run(args) -> dict`` and optionally
``add_arguments(parser)``; modules whose name contains ``_`` are helpers, not benchmarks.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys

import appraiser.bench as package


def available() -> list[str]:
    return sorted(
        m.name
        for m in pkgutil.iter_modules(package.__path__)
        if "_" not in m.name and m.name != "__main__"
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    names = available()
    if not argv or argv[0] not in names:
        print(
            f"usage: python -m appraiser.bench {{{','.join(names)}}} [--quick] …", file=sys.stderr
        )
        return 2
    module = importlib.import_module(f"appraiser.bench.{argv[0]}")
    parser = argparse.ArgumentParser(prog=f"python -m appraiser.bench {argv[0]}")
    parser.add_argument("--quick", action="store_true", help="a short run for CI")
    if hasattr(module, "add_arguments"):
        module.add_arguments(parser)
    figures = module.run(parser.parse_args(argv[1:]))
    print(json.dumps({"bench": argv[0], **figures}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
