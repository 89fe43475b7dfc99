"""The station log: a rotating file in the data folder that crash reports point to.

Five files of 2 MB keep several weeks of a busy bench while never filling the disk. A
data folder that cannot take a log file must not stop the station by itself (opening the
station reports the folder properly): the caller just learns that no file is written.
"""

from __future__ import annotations

import logging
import logging.handlers
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


def _file_handler(data: DataDir) -> logging.Handler | None:
    try:
        data.logs.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_path(data), maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
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
        console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        handlers.append(console)
    for handler in handlers:
        setattr(handler, _MARK, True)
        root.addHandler(handler)
    root.setLevel(level)
    return log_path(data) if file_handler else None


def shutdown_logging() -> None:
    """Close our handlers (tests and the GUI's exit path), flushing the last lines."""
    _drop_previous(logging.getLogger())
