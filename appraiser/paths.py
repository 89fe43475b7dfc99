"""Where a station keeps its data: one folder, resolved once, laid out as DESIGN §2."""

from __future__ import annotations

import errno
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from appraiser.errors import DataFolderError

ENV_VAR = "APPRAISER_DATA_DIR"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def default_data_dir() -> Path:
    """``--data-dir`` beats ``APPRAISER_DATA_DIR`` beats the platform's user data dir."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("appraiser", appauthor=False))


@dataclass(frozen=True)
class DataDir:
    """The station data folder and the fixed places inside it."""

    root: Path

    @property
    def db(self) -> Path:
        return self.root / "appraiser.db"

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def library(self) -> Path:
        return self.root / "library"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def config(self) -> Path:
        return self.root / "config.toml"

    def ensure(self) -> DataDir:
        """Create the layout and prove the folder is writable before anything relies on it."""
        try:
            for folder in (self.root, self.media, self.library, self.exports, self.logs):
                folder.mkdir(parents=True, exist_ok=True)
            self.keys.mkdir(mode=0o700, exist_ok=True)
            with tempfile.TemporaryFile(dir=self.root):
                pass
        except OSError as exc:
            raise DataFolderError(
                f"Cannot write to the data folder {self.root}: {self._why(exc)}"
            ) from exc
        return self

    def _why(self, exc: OSError) -> str:
        """The reason in the person's terms: the OS says "No such file or directory" for a
        folder that exists but takes no new entries (/proc), "File exists" for a file."""
        if self.root.exists() and not self.root.is_dir():
            return "it is a file, not a folder"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR) and self.root.is_dir():
            return "it is a system folder that takes no new files"
        return exc.strerror or str(exc)


def resource(*parts: str) -> Path:
    """A file shipped in ``resources/`` (works from a clone, a wheel and a frozen bundle)."""
    return RESOURCES.joinpath(*parts)
