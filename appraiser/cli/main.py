"""Entry point of the core CLI: parse, dispatch, and map errors to exit codes."""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import logging
import os
import pkgutil
import re
import sys
from pathlib import Path

import appraiser.cli as cli_package
from appraiser import __version__, limits
from appraiser.cli.common import EXIT_BUG, EXIT_ENVIRONMENT, EXIT_OUTPUT_CLOSED, EXIT_USAGE
from appraiser.errors import (
    AuthError,
    DiskFullError,
    InvalidInput,
    KnownError,
    NotFound,
    PermissionDenied,
)
from appraiser.fsio import is_disk_full
from appraiser.logs import setup_logging
from appraiser.paths import DataDir, default_data_dir

_SKIP = {"main", "common"}
_USAGE_ERRORS = (InvalidInput, NotFound, PermissionDenied, AuthError)
# The CLI prints its own one-line message; without a log file (an unusable --data-dir)
# logging's last-resort handler would print the same error a second time on stderr.
logging.getLogger("appraiser.cli").addHandler(logging.NullHandler())

DESCRIPTION = (
    "The appraisal bench station's command line: the reference library, matching bench "
    "photos, appraisals, labels, exports, lots, accounts, keys and the audit trail."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="appraiser", description=DESCRIPTION)
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
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        _check_arguments(argv)
    except InvalidInput as exc:
        print(_printable(f"appraiser: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    log = logging.getLogger("appraiser.cli")
    try:
        _start_log(DataDir(Path(args.data_dir) if args.data_dir else default_data_dir()), argv)
        return int(args.func(args) or 0)
    except _USAGE_ERRORS as exc:
        return _refused(log, exc, EXIT_USAGE)
    except KnownError as exc:
        return _refused(log, exc, EXIT_ENVIRONMENT)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise  # not a bug: main() stops quietly
    except Exception as exc:  # a bug: one line for the scheduler, traceback in the log
        if is_disk_full(exc):  # SQLite or a write deep down: the environment, not a bug
            return _refused(log, _disk_full(exc), EXIT_ENVIRONMENT)
        if isinstance(exc, OSError) and exc.errno in _BAD_PATH:
            return _refused(log, _bad_path(exc), EXIT_USAGE)
        logging.getLogger("appraiser").exception("unexpected error")
        print(_printable(f"appraiser: internal error: {exc!r}"), file=sys.stderr)
        return EXIT_BUG


def _refused(log: logging.Logger, exc: KnownError, code: int) -> int:
    text = _printable(str(exc))
    log.log(logging.INFO if code == EXIT_USAGE else logging.WARNING, "refused: %s", text)
    print(f"appraiser: {text}", file=sys.stderr)
    return code


def _printable(text: str) -> str:
    """A refusal may quote hostile text (a manifest's "\\ud800"): lone surrogates are
    shown escaped, so printing the one line can never fail in its turn."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


# A path the system cannot take as given is the person's input, whichever command meets it
# first (a 300-byte file name, a file where a folder is wanted, a link loop).
_BAD_PATH = {errno.ENAMETOOLONG, errno.ELOOP, errno.ENOTDIR, errno.EISDIR}


def _bad_path(exc: OSError) -> InvalidInput:
    where = exc.filename if isinstance(exc.filename, str) else None
    shown = f"{where[:60]}…" if where and len(where) > 60 else where
    why = exc.strerror or "unusable path"
    return InvalidInput(f"{why}: {shown}" if shown else f"{why}.")


def _disk_full(exc: BaseException) -> DiskFullError:
    where = getattr(exc, "filename", None)
    return DiskFullError(
        f"disk full: {where or 'the station disk'} cannot be written; free some space (or "
        "check the disk, if it is not full) and run the command again."
    )


def _check_arguments(argv: list[str]) -> None:
    """Refuse, in one line, arguments no command can use (issue 14 finding 16): bytes that
    are not UTF-8 (Python hands them over as lone surrogates, which break the log, SQLite
    and JSON output far from here) and arguments longer than any payload or path."""
    for number, arg in enumerate(argv, start=1):
        if len(arg) > limits.MAX_ARGUMENT_CHARS:
            raise InvalidInput(
                f"argument {number} is {len(arg):,} characters long; at most "
                f"{limits.MAX_ARGUMENT_CHARS:,} are taken."
            )
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = ascii(arg.encode("utf-8", "surrogateescape"))[:80]
            raise InvalidInput(f"argument {number} is not UTF-8 text: {shown}.") from None


_SIGNATURE = re.compile(r"([?&]s=)[^&#\s]+")


def _unsigned(arg: str) -> str:
    """An argument as logged: a label payload (``label verify URL``) keeps its address but
    not its signature, so the log never carries what a working label is printed from
    (issue 14 finding 3)."""
    return _SIGNATURE.sub(r"\1…", arg)


def _start_log(data: DataDir, argv: list[str]) -> None:
    """Open the log and write the command line. A log that cannot be written is no reason
    to stop (logs.py), except a full disk: then every command says so (exit 3) instead of
    failing later with a traceback. Later write failures are dropped silently rather than
    printed on stderr as logging's "--- Logging error ---"."""
    failures: list[BaseException] = []
    setup_logging(data)
    handlers = [h for h in logging.getLogger().handlers if getattr(h, "_appraiser_handler", 0)]
    for handler in handlers:
        handler.handleError = lambda record: failures.append(sys.exc_info()[1])  # type: ignore
    logging.getLogger("appraiser.cli").info("command: %s", " ".join(map(_unsigned, argv)))
    full = next((f for f in failures if f is not None and is_disk_full(f)), None)
    if full is not None:
        for handler in handlers:  # stop writing to a full disk; closing flushes and fails
            logging.getLogger().removeHandler(handler)
            with contextlib.suppress(OSError, ValueError):
                handler.close()
        raise DiskFullError(f"disk full: the station log in {data.logs} cannot be written.")
