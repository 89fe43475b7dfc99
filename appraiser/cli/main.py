"""Entry point of the core CLI: parse, dispatch, and map errors to exit codes."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from pathlib import Path

import appraiser.cli as cli_package
from appraiser import __version__
from appraiser.cli.common import EXIT_BUG, EXIT_ENVIRONMENT, EXIT_OUTPUT_CLOSED, EXIT_USAGE
from appraiser.errors import AuthError, InvalidInput, KnownError, NotFound, PermissionDenied
from appraiser.logs import setup_logging
from appraiser.paths import DataDir, default_data_dir

_SKIP = {"main", "common"}
_USAGE_ERRORS = (InvalidInput, NotFound, PermissionDenied, AuthError)
# The CLI prints its own one-line message; without a log file (an unusable --data-dir)
# logging's last-resort handler would print the same error a second time on stderr.
logging.getLogger("appraiser.cli").addHandler(logging.NullHandler())


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
    try:
        code = _dispatch(argv)
        sys.stdout.flush()  # a closed pipe shows here, not at exit as a stray traceback
    except BrokenPipeError:
        return _output_closed()
    return code


def _output_closed() -> int:
    """The reader of stdout left early (``| head``): stop quietly, as Unix tools do. Stdout
    goes to /dev/null so the interpreter's last flush cannot complain either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_OUTPUT_CLOSED


def _dispatch(argv: list[str] | None) -> int:
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
    except BrokenPipeError:
        raise  # not a bug: main() stops quietly
    except Exception as exc:  # a bug: one line for the scheduler, traceback in the log
        logging.getLogger("appraiser").exception("unexpected error")
        print(f"appraiser: internal error: {exc!r}", file=sys.stderr)
        return EXIT_BUG
