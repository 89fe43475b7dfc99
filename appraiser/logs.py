"""The station log: a rotating file in the data folder that crash reports point to.

Five files of 2 MB keep several weeks of a busy bench while never filling the disk. A
data folder that cannot take a log file must not stop the station by itself (opening the
station reports the folder properly): the caller just learns that no file is written.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import re
import urllib.parse
from pathlib import Path

from appraiser.paths import DataDir

LOG_NAME = "appraiser.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
_MARK = "_appraiser_handler"


def log_path(data: DataDir) -> Path:
    return data.logs / LOG_NAME


def _ours(handler: logging.Handler) -> bool:
    return getattr(handler, _MARK, False)


def _drop_previous(root: logging.Logger) -> None:
    """Calling again (another data folder, a test) replaces, never stacks, our handlers."""
    for handler in [h for h in root.handlers if _ours(h)]:
        root.removeHandler(handler)
        handler.close()


LOG_FOLDER_MODE = 0o700  # the log names users, serials and paths (issue 14, breaker Low)
LOG_FILE_MODE = 0o600


# A label payload's signature (``…&s=<86 base64url>``, also percent-encoded): whoever holds
# it prints working copies of the label. Every line our handlers write, exception text
# included, keeps the address but not the signature (issue 14 finding 3, breaker Low).
_SIGNATURE = re.compile(r"((?:[?&]|%26|%3[Ff])[sS](?:=|%3[Dd]))[A-Za-z0-9_%-]{16,}")
# The same after decoding, for an encoded name (issue 14 breaker L-3).
_DECODED_SIGNATURE = re.compile(r"([?&][sS]=)[A-Za-z0-9_%-]{16,}")
_DECODE_ROUNDS = 4  # %2573 is "%73" is "s": a few rounds of encoding, then give up
# And any run as long as a signature, whatever precedes it (``&s =…``, a pasted fragment):
# an Ed25519 signature is 86 base64url symbols; nothing else we log (64-hex digests, serials,
# ids) is that long (issue 14, third attacker pass NEW-L2).
_SIGNATURE_LIKE = re.compile(r"[A-Za-z0-9_-]{80,}")


def scrub(text: str) -> str:
    """The line without payload signatures. An encoded name (``%73=``, ``%2573%253D``)
    escaped a plain match (issue 14 breaker L-3), so a line carrying an escape is also
    matched decoded; when that finds a signature, the decoded line is written, scrubbed."""
    clean = _SIGNATURE.sub(r"\1…", text)
    decoded = _decoded(clean)
    if decoded != clean and _DECODED_SIGNATURE.search(decoded):
        clean = _DECODED_SIGNATURE.sub(r"\1…", decoded)
    return _SIGNATURE_LIKE.sub("…", clean)


def _decoded(text: str) -> str:
    for _ in range(_DECODE_ROUNDS):
        if "%" not in text:
            break
        text, before = urllib.parse.unquote(text), text
        if text == before:
            break
    return text


class _ScrubbingFormatter(logging.Formatter):
    """Formats as usual, then drops payload signatures from the whole line, traceback and
    all: a refusal or an exception may quote the argument it was given."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """Creates the log file 0600 whatever the umask; rotated files are renamed from it
    and so stay 0600."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, LOG_FILE_MODE)
        with contextlib.suppress(OSError):
            os.fchmod(fd, LOG_FILE_MODE)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def _tighten(folder: Path) -> None:
    """A folder and logs of an older release (0755/0644) are made private on every open."""
    os.chmod(folder, LOG_FOLDER_MODE)
    for path in folder.glob(LOG_NAME + "*"):
        if path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                os.chmod(path, LOG_FILE_MODE)


def _file_handler(data: DataDir) -> logging.Handler | None:
    try:
        data.logs.mkdir(mode=LOG_FOLDER_MODE, parents=True, exist_ok=True)
        _tighten(data.logs)
        handler = _PrivateRotatingHandler(
            log_path(data), maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(_ScrubbingFormatter(FORMAT))
    return handler


def setup_logging(
    data: DataDir, level: int | str = logging.INFO, *, stderr_level: int | str | None = None
) -> Path | None:
    """Log to ``<data>/logs/appraiser.log``; returns its path, or None if it is unwritable.

    ``stderr_level`` adds a console handler (for a developer running from a terminal).
    Calling again replaces the handlers of the previous call.
    """
    root = logging.getLogger()
    _drop_previous(root)
    file_handler = _file_handler(data)
    handlers: list[logging.Handler] = [file_handler] if file_handler else []
    if stderr_level is not None:
        console = logging.StreamHandler()
        console.setLevel(stderr_level)
        console.setFormatter(_ScrubbingFormatter("%(levelname)s: %(message)s"))
        handlers.append(console)
    for handler in handlers:
        setattr(handler, _MARK, True)
        root.addHandler(handler)
    root.setLevel(level)
    return log_path(data) if file_handler else None


def shutdown_logging() -> None:
    """Close our handlers (tests and the GUI's exit path), flushing the last lines."""
    _drop_previous(logging.getLogger())
