"""Content-addressed media store: ``media/ab/abcdef…`` named by the SHA-256 of the bytes.

A file is complete on disk before any row names it: written to a temp file in the target
folder, fsynced, renamed over its final name with ``os.replace``, and the folder fsynced.
A crash at any point leaves either nothing, a stray ``*.tmp`` (removed by a later start),
or the whole file. Because the name is the hash, a half-written final file cannot exist.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from appraiser.errors import DiskFullError, NotFound
from appraiser.fsio import fsync_dir

TEMP_SUFFIX = ".tmp"
# A temp file untouched this long belongs to no live write (a still or a 10 s segment takes
# well under a second to write).
STALE_TEMP_S = 3600.0
_CHUNK = 1 << 20


class MediaStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put_bytes(self, data: bytes) -> str:
        return self.put_chunks([data])

    def put_file(self, source: Path) -> str:
        with open(source, "rb") as handle:
            return self.put_chunks(iter(lambda: handle.read(_CHUNK), b""))

    def put_chunks(self, chunks: Iterable[bytes]) -> str:
        """Store the bytes and return their SHA-256; durable when this returns."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f"incoming-{os.getpid()}-{uuid.uuid4().hex}{TEMP_SUFFIX}"
        hasher = hashlib.sha256()
        try:
            with open(tmp, "wb") as handle:
                for chunk in chunks:
                    hasher.update(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            sha = hasher.hexdigest()
            final = self.path(sha)
            final.parent.mkdir(exist_ok=True)
            os.replace(tmp, final)
            fsync_dir(final.parent)
            fsync_dir(self.root)
            return sha
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DiskFullError("Not enough disk space to store the media file.") from exc
            raise

    def read(self, sha256: str) -> bytes:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError as exc:
            raise NotFound(f"media {sha256[:12]}… is missing from the media store") from exc

    def copy_to(self, sha256: str, target: Path) -> None:
        shutil.copyfile(self.path(sha256), target)

    def clean_temp(self, older_than_s: float = STALE_TEMP_S) -> int:
        """Remove temp files a crash left behind; they were never named by any row.

        Every process that opens the store calls this (a CLI command, the GUI's report
        child), so a temp file is removed only when its writer is gone (the pid in its name)
        or it is stale: otherwise it is another process's write in flight.
        """
        removed = 0
        if not self.root.exists():
            return 0
        cutoff = time.time() - older_than_s
        for leftover in self.root.rglob(f"*{TEMP_SUFFIX}"):
            try:
                if not _writer_alive(leftover.name) or leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
                    removed += 1
            except FileNotFoundError:
                continue  # renamed into place (or cleaned) meanwhile
        return removed


def _writer_alive(name: str) -> bool:
    """Whether the process named in ``incoming-<pid>-<uuid>.tmp`` still runs (assumed so
    when the name has no pid, or on Windows, where probing a pid is not harmless)."""
    parts = name.split("-")
    if os.name == "nt" or len(parts) < 3 or not parts[1].isdigit():
        return True
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
