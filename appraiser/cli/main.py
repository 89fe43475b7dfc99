"""Entry point of the core CLI: parse, dispatch, and map errors to exit codes."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from pathlib import Path

import appraiser.cli as cli_package
from appraiser import __version__
from appraiser.cli.common import EXIT_BUG, EXIT_ENVIRONMENT, EXIT_USAGE
from appraiser.errors import AuthError, InvalidInput, KnownError, NotFound, PermissionDenied
from appraiser.logs import setup_logging
from appraiser.paths import DataDir, default_data_dir

_SKIP = {"main", "common"}
_USAGE_ERRORS = (InvalidInput, NotFound, PermissionDenied, AuthError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="appraiser", description=__doc__)
    parser.add_argument("--version", action="version", version=f"appraiser {__version__}")
    parser.add_argument("--data-dir", help="station data folder (default: user data dir)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in sorted(pkgutil.iter_modules(cli_package.__path__), key=lambda m: m.name):
        if module.name not in _SKIP:
            importlib.import_module(f"appraiser.cli.{module.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    setup_logging(DataDir(Path(args.data_dir) if args.data_dir else default_data_dir()))
    log = logging.getLogger("appraiser.cli")
    log.info("command: %s", " ".join(sys.argv[1:] if argv is None else argv))
    try:
        return int(args.func(args) or 0)
    except _USAGE_ERRORS as exc:
        log.info("refused: %s", exc)
        print(f"appraiser: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KnownError as exc:
        log.warning("%s: %s", type(exc).__name__, exc)
        print(f"appraiser: {exc}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one line for the scheduler, traceback in the log
        logging.getLogger("appraiser").exception("unexpected error")
        print(f"appraiser: internal error: {exc!r}", file=sys.stderr)
        return EXIT_BUG
