"""Crash-safe file writes, shared by every module that must never leave half a file.

The recipe: write a temp file in the target's folder, fsync it, ``os.replace`` it over
the final name, then fsync the folder so the rename itself survives a power cut.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import uuid
from pathlib import Path

from appraiser.errors import InvalidInput

_FULL = (errno.ENOSPC, errno.EDQUOT)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op on Windows, where NTFS journals it)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_replaceable(path: Path, label: str | None = None) -> None:
    """Refuse to write over ``path`` unless it is missing or a regular file (issue 14
    finding M1). ``os.replace`` swaps the directory entry whatever it is, so a device
    (``/dev/full`` as root), FIFO or socket would be replaced by our file, and a symbolic
    link would be replaced instead of the file it names; only ``lstat`` is used, so the
    entry is never opened and a link never followed."""
    label = label or str(path)
    try:
        info = os.lstat(path)
    except (OSError, ValueError):  # missing (the usual case) or unusable: the write says
        return
    if stat.S_ISLNK(info.st_mode):
        raise InvalidInput(
            f"{label} is a symbolic link: give the path it points to (a link is never "
            "followed or replaced); nothing was written."
        )
    if stat.S_ISDIR(info.st_mode):
        raise InvalidInput(f"{label} is a folder, not a file; nothing was written.")
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(
            f"{label} is not a regular file (a device, pipe or socket): it is never "
            "replaced; nothing was written."
        )


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` all at once; on failure the old file is untouched.
    Only a regular file is ever replaced (:func:`check_replaceable`)."""
    check_replaceable(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # Windows
        fd = os.open(tmp, flags, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        check_replaceable(path)  # again: it may have been swapped while we wrote
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC/EDQUOT from the OS, or SQLite's "database or disk is full", however deep in
    the chain of causes: the CLI says "disk full" (exit 3), never "internal error"."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in _FULL:
            return True
        if isinstance(exc, sqlite3.Error) and "disk is full" in str(exc).lower():
            return True
        # faiss writes its index through C++ streams and reports the C library's words;
        # SQLite, failing to grow its journal on a full disk, says only "disk I/O error"
        if isinstance(exc, RuntimeError) and "no space left on device" in str(exc).lower():
            return True
        if isinstance(exc, sqlite3.OperationalError) and "disk i/o error" in str(exc).lower():
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False


def human_size(size: int) -> str:
    """Bytes as a person reads them in a refusal (KiB under a MiB, else MiB)."""
    return f"{size / 2**20:.0f} MiB" if size >= 2**20 else f"{max(1, size // 1024)} KiB"


def _refuse_stat(path: Path, label: str, exc: OSError) -> InvalidInput:
    if isinstance(exc, FileNotFoundError):
        return InvalidInput(f"{label} does not exist.")
    if exc.errno == errno.ENAMETOOLONG:
        return InvalidInput(f"{label}: the name is too long for a file.")
    if exc.errno == errno.ELOOP:
        return InvalidInput(f"{label} is a loop of symbolic links.")
    return InvalidInput(f"{label} cannot be read: {exc.strerror or exc}.")


def check_regular(path: Path, limit: int, label: str) -> int:
    """The size of ``path`` if it is a regular file of at most ``limit`` bytes; a folder,
    device (/dev/zero), FIFO or socket is refused from ``stat`` alone, never opened, so it
    can neither be read until memory runs out nor hang the reader."""
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        if isinstance(exc, ValueError):
            raise InvalidInput(f"{label}: the name holds a NUL byte.") from exc
        raise _refuse_stat(Path(path), label, exc) from exc
    return _check_info(info, limit, label)


def _check_info(info: os.stat_result, limit: int, label: str) -> int:
    if stat.S_ISDIR(info.st_mode):
        raise InvalidInput(f"{label} is a folder, not a file.")
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(f"{label} is not a regular file (a device, pipe or socket).")
    if info.st_size > limit:
        raise InvalidInput(
            f"{label} is {human_size(info.st_size)}, over the limit of {human_size(limit)}."
        )
    return info.st_size


def read_regular(path: Path, limit: int, label: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or :class:`InvalidInput`
    naming it. Checked with ``stat`` before opening, opened non-blocking and checked again
    with ``fstat`` (a file swapped for a FIFO in between cannot hang us), and never more
    than ``limit`` bytes read even if the file grows meanwhile."""
    label = label or f"The file {path}"
    check_regular(path, limit, label)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _refuse_stat(Path(path), label, exc) from exc
    try:
        _check_info(os.fstat(fd), limit, label)
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise InvalidInput(f"{label} cannot be read: {exc.strerror or exc}.") from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise InvalidInput(f"{label} grew past the limit of {human_size(limit)} while read.")
    return data
