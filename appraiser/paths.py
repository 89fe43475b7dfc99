"""Where a station keeps its data: one folder, resolved once, laid out as DESIGN §2."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from appraiser.errors import DataFolderError

ENV_VAR = "APPRAISER_DATA_DIR"
PRIVATE_FOLDER = 0o700  # the data folder, keys/ and exports/: password hashes, records, keys
PRIVATE_FILE = 0o600  # the database (+ -wal/-shm), private keys, backups
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
        """Create the layout and prove the folder is writable before anything relies on it.

        Owner-only (issue 14 finding 12): another account on the computer must not read the
        database or the keys. A new folder is made 0700; an existing station folder (one
        holding a database, or empty) is tightened, so stations made before keep up.
        """
        try:
            fresh = self._fresh()
            self.root.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
            if fresh or self.db.exists():
                owner_only(self.root)
            for folder in (self.media, self.library, self.logs):
                folder.mkdir(exist_ok=True)
            for folder in (self.keys, self.exports):
                folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
                owner_only(folder)
            with tempfile.TemporaryFile(dir=self.root):
                pass
        except OSError as exc:
            raise DataFolderError(
                f"Cannot write to the data folder {self.root}: {self._why(exc)}"
            ) from exc
        return self

    def _fresh(self) -> bool:
        """Not there yet, or holding only what a command writes before the station opens
        (its log folder, the GUI's lock): `demo` made ``logs/`` first, so its new folder
        looked old and stayed 0755 until the next command (issue 14, breaker)."""
        if not self.root.exists():
            return True
        early = {self.logs.name, "appraiser.lock"}
        return all(entry.name in early for entry in self.root.iterdir())

    def _why(self, exc: OSError) -> str:
        """The reason in the person's terms: the OS says "No such file or directory" for a
        folder that exists but takes no new entries (/proc), "File exists" for a file."""
        if self.root.exists() and not self.root.is_dir():
            return "it is a file, not a folder"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR) and self.root.is_dir():
            return "it is a system folder that takes no new files"
        return exc.strerror or str(exc)


def owner_only(path: Path, mode: int | None = None) -> None:
    """Take group and world access away from ``path`` (0700 for a folder, 0600 for a file
    unless ``mode`` says otherwise). No-op on Windows, whose ACLs follow the user profile;
    a path owned by someone else is left as it is (opening it fails later, with a reason)."""
    if os.name == "nt" or not path.exists():
        return
    wanted = mode if mode is not None else PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE
    try:
        if stat.S_IMODE(path.stat().st_mode) != wanted:
            path.chmod(wanted)
    except PermissionError:
        pass


def resource(*parts: str) -> Path:
    """A file shipped in ``resources/`` (works from a clone, a wheel and a frozen bundle)."""
    return RESOURCES.joinpath(*parts)
