"""Write export files so that a final name only ever holds a complete file.

Every file of an export (the data file and its manifest, or a whole bundle) is first written
under a temporary name in the target folder and flushed to disk; only when all of them are
complete are they renamed over their final names. A full disk, a missing folder or a crash
leaves no half-written file under a final name, and temp files are removed on the way out.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from appraiser.errors import DiskFullError, KnownError
from appraiser.fsio import check_replaceable, fsync_dir


class ExportFolderError(KnownError):
    title = "Export folder unusable"
    hint = "Choose a folder you can write to (a local disk or a mounted share)."


def translate_os_error(exc: OSError, target: Path) -> KnownError:
    """Environment failures become known errors with a hint."""
    folder = target.parent
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(f"The disk holding {folder} is full; no export was written.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ExportFolderError(
            f"Cannot write to {folder}: {exc.strerror or 'permission denied'}."
        )
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return ExportFolderError(f"The folder {folder} does not exist.")
    return ExportFolderError(f"Cannot write {target}: {exc.strerror or exc}.")


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


PRIVATE = 0o600  # reports and exports hold internal data (issue 14, breaker Low)
PUBLIC = 0o644  # a consumer bundle is published as it is


class Staging:
    """Temp paths for a set of final paths, renamed into place together by ``commit``.

    Every file gets ``mode`` (0600 unless the caller says the output is public), and a
    final name that is a device, FIFO, socket or symbolic link is refused, both when its
    temp path is asked for and again just before the rename (issue 14 finding M1)."""

    def __init__(self, mode: int = PRIVATE) -> None:
        self.pending: list[tuple[Path, Path]] = []
        self.mode = mode

    def path(self, target: Path) -> Path:
        target = Path(target)
        check_replaceable(target)
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        self.pending.append((tmp, target))
        return tmp

    def commit(self) -> None:
        for tmp, target in self.pending:
            os.chmod(tmp, self.mode)
            _fsync_file(tmp)
            check_replaceable(target)
        for tmp, target in self.pending:
            os.replace(tmp, target)
        for folder in {target.parent for _, target in self.pending}:
            fsync_dir(folder)

    def discard(self) -> None:
        for tmp, _ in self.pending:
            with contextlib.suppress(OSError):
                tmp.unlink()


@contextlib.contextmanager
def staged(main_target: Path, mode: int = PRIVATE) -> Iterator[Staging]:
    """Stage files; commit on success, translate OS errors and remove temps on failure.
    ``mode``: PRIVATE (0600) for reports and exports, PUBLIC (0644) for a consumer bundle."""
    stage = Staging(mode)
    try:
        yield stage
        stage.commit()
    except OSError as exc:
        raise translate_os_error(exc, Path(main_target)) from exc
    finally:
        stage.discard()


def check_folder(folder: Path) -> None:
    """Fail early and clearly (before minutes of work) if ``folder`` cannot take a file."""
    if not folder.is_dir():
        raise ExportFolderError(f"The folder {folder} does not exist.")
    probe = folder / f".appraiser-probe-{secrets.token_hex(4)}"
    try:
        probe.write_bytes(b"")
    except OSError as exc:
        raise translate_os_error(exc, probe) from exc
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
