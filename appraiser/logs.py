"""Logging to a rotating file in the data folder, so support can ask for one file."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from appraiser.paths import DataDir

LOG_NAME = "appraiser.log"
_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def setup_logging(data: DataDir, level: int = logging.INFO) -> Path:
    """Attach one rotating handler (5 × 2 MB) to the root logger; idempotent per path."""
    path = data.logs / LOG_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "baseFilename", None) == str(path):
            return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2 * 1024 * 1024, backupCount=5, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return path
