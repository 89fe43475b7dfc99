"""Signed audit checkpoints, kept outside the database in an append-only log.

A hash chain alone can be recomputed by anyone who can write the database. So every
transaction that adds audit events also appends one line to ``<data>/audit/checkpoints.jsonl``
(DESIGN §2): the state it extends (``base``, ``base_head``), the event count and head hash
after it, the RFC 6962 Merkle root over events 1..count, the time, and an Ed25519 signature
by the station key. ``checkpoint_verify`` later holds the database against every line.

Why the line is written *before* the COMMIT, inside the write lock: an event that reaches the
database always has a signed line, so an event appended behind the app's back (with a
correct hash link) has none and is caught. Lines land in commit order, even with the GUI and
a CLI command writing at once. A crash between the line and the COMMIT leaves a line for a
transaction that never committed; the next line then extends the same base, and verify
reports such a line as a note, not a failure (the database is never *behind* a line that a
later line confirms, and never different from one). The frontier of the Merkle tree lives
in the database row ``audit_checkpoint_state``, updated in the same transaction, so it always
matches the committed events; if it ever disagrees with them it is rebuilt from them.
"""

from __future__ import annotations

import base64
import errno
import json
import os
import sqlite3
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from appraiser.clock import now_iso
from appraiser.errors import DataFolderError, DiskFullError
from appraiser.keys import StationKeys
from appraiser.paths import DataDir
from appraiser.storage.audit import GENESIS, append
from appraiser.storage.canonical import canonical_json
from appraiser.storage.frontier import Frontier

LOG = Path("audit") / "checkpoints.jsonl"
STARTED = "audit.checkpoints_started"
SCHEMA = 5  # the schema version whose migration starts the log (m0005_trust._audit)
DOMAIN = b"appraiser.audit-checkpoint.v1\n"
_STATE = "SELECT count, head, frontier, started_seq FROM audit_checkpoint_state WHERE id = 1"
_HEAD = "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"
_TORN_MAX = 4096  # a line is ~330 bytes; a longer unterminated tail is not a torn line
LINE_MAX = 4096  # a longer line is damaged, never parsed (a 100,000-deep '[' crashed json)


def log_path(data: DataDir) -> Path:
    return data.root / LOG


@dataclass(frozen=True)
class Checkpoint:
    """One signed line: events ``base+1..count`` were added on top of ``base``; this
    transaction wrote ``own_from..count``. Events between ``base`` and ``own_from`` were
    already in the database when it began, with no line: written behind the app's back."""

    base: int
    base_head: str
    own_from: int
    count: int
    head: str
    root: str
    ts: str
    kid: str
    sig: str = ""

    def body(self) -> dict[str, Any]:
        """What the signature covers (the key id only picks the key that checks it)."""
        # A shallow copy: every field is a str or an int (``asdict`` deep-copies, per commit).
        raw = {name: getattr(self, name) for name in _SIGNED}
        return {"v": 1, **raw}

    def message(self) -> bytes:
        return DOMAIN + canonical_json(self.body())

    def to_line(self) -> bytes:
        return canonical_json({**self.body(), "kid": self.kid, "sig": self.sig}) + b"\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Raises ValueError/KeyError/TypeError on a line that is not a checkpoint; a line
        longer than any checkpoint is refused before JSON sees it (no nesting to recurse)."""
        if len(text) > LINE_MAX:
            raise ValueError("longer than any checkpoint line")
        try:
            raw = json.loads(text)
        except RecursionError as exc:
            raise ValueError("nested too deeply") from exc
        if not isinstance(raw, dict) or raw.get("v") != 1:
            raise ValueError("not a version 1 checkpoint")
        line = cls(**{name: raw[name] for name in cls.__dataclass_fields__})
        ints = (line.base, line.own_from, line.count)
        if any(type(n) is not int or n < 0 for n in ints) or not (
            line.base < line.own_from <= line.count + 1
        ):
            raise ValueError("bad event counts")
        texts = (line.base_head, line.head, line.root, line.ts, line.kid, line.sig)
        if not all(isinstance(t, str) for t in texts):
            raise ValueError("bad field types")
        return line

    def signature(self) -> bytes:
        return base64.urlsafe_b64decode(self.sig + "=" * (-len(self.sig) % 4))


_SIGNED = tuple(name for name in Checkpoint.__dataclass_fields__ if name not in ("kid", "sig"))


def _sign(keys: StationKeys, line: Checkpoint) -> Checkpoint:
    kid, sig = keys.sign(line.message())
    signature = base64.urlsafe_b64encode(sig).decode().rstrip("=")
    return replace(line, kid=kid, sig=signature)


class NotRegularLog(OSError):
    """The log's name holds a FIFO, device, socket, folder or symbolic link."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EINVAL, "not a regular file (a pipe, device or link)", str(path))


def open_log(path: Path, flags: int) -> int:
    """A descriptor of the log, refused unless it is a regular file (issue 14 finding M3):
    opened non-blocking so a FIFO in its place cannot hang the station (reading or writing),
    not following a symbolic link, and checked with ``fstat`` on what was actually opened."""
    extra = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags | extra, 0o600)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENXIO, errno.EISDIR):
            raise NotRegularLog(path) from exc
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegularLog(path)
    return fd


def append_line(path: Path, line: bytes) -> None:
    """O_APPEND + fsync: the line is on disk before the transaction may commit. A torn last
    line (disk full mid-write) is cut off first, so it never swallows this one."""
    try:
        fresh = not path.exists()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = open_log(path, os.O_RDWR | os.O_APPEND | os.O_CREAT)
        try:
            size = os.fstat(fd).st_size
            if size and _read_at(fd, 1, size - 1) != b"\n":
                line = _drop_torn_tail(fd, size) + line
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        if fresh and os.name != "nt":
            from appraiser.fsio import fsync_dir

            fsync_dir(path.parent)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFullError("The disk is full; the change was not saved.") from exc
        if isinstance(exc, NotRegularLog):
            raise DataFolderError(
                f"The audit checkpoint log {path} is not a regular file; nothing was saved.",
                hint="Someone replaced it; 'appraiser audit verify' names what is wrong.",
            ) from exc
        reason = exc.strerror or exc
        raise DataFolderError(f"Cannot write the audit checkpoint log {path} ({reason}).") from exc


def _drop_torn_tail(fd: int, size: int) -> bytes:
    """A write cut short (disk full) left an unsigned fragment whose transaction rolled
    back: cut it off, back to the last complete line. Returns what to write before the
    next line (a newline, if the fragment is too long to be one of ours)."""
    start = max(0, size - _TORN_MAX)
    tail = _read_at(fd, size - start, start)
    end = tail.rfind(b"\n")
    if end < 0 and size > _TORN_MAX:
        return b"\n"
    os.ftruncate(fd, size - len(tail) + end + 1)
    return b""


def _read_at(fd: int, count: int, offset: int) -> bytes:
    """``os.pread`` where Windows has none (appends go to the end whatever the position)."""
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, count)


def _frontier_upto(conn: sqlite3.Connection, count: int) -> Frontier:
    frontier = Frontier()
    for (digest,) in conn.execute(
        "SELECT hash FROM audit_events WHERE seq <= ? ORDER BY seq", (count,)
    ):
        frontier.add(digest)
    return frontier


def _trusted_base(conn: sqlite3.Connection, state: tuple) -> tuple[int, str, Frontier]:
    """The state row if it still describes the committed events, else rebuilt from them."""
    count, head, frontier_json, _ = state
    at = conn.execute("SELECT hash FROM audit_events WHERE seq = ?", (count,)).fetchone()
    try:
        frontier = Frontier.from_json(frontier_json)
        if frontier.count == count and (at[0] if at else GENESIS) == head:
            return count, head, frontier
    except (ValueError, KeyError, TypeError):
        pass
    return count, head, _frontier_upto(conn, count)


def head_seq(conn: sqlite3.Connection) -> int:
    """The newest event's number; ``Store.atomic`` notes it right after BEGIN."""
    row = conn.execute(_HEAD).fetchone()
    return row[0] if row else 0


def before_commit(conn: sqlite3.Connection, data: DataDir, begun: int) -> None:
    """Called by ``Store.atomic`` inside the transaction, right before COMMIT: if the
    transaction added events, extend the frontier, save it, and append the signed line
    (``begun``: the newest event when the transaction began, so the line can say which
    events it wrote itself). Any failure here (disk full, no key) raises, and the
    transaction rolls back."""
    state = conn.execute(_STATE).fetchone()
    if state is None:
        return  # the state row was deleted by hand: never restarted; ``audit verify`` fails
    top = conn.execute(_HEAD).fetchone() or (0, GENESIS)
    if (state[0], state[1]) == top:
        return
    base, base_head, frontier = _trusted_base(conn, state)
    for (digest,) in conn.execute(
        "SELECT hash FROM audit_events WHERE seq > ? ORDER BY seq", (frontier.count,)
    ):
        frontier.add(digest)
    count, head = top
    conn.execute(
        "UPDATE audit_checkpoint_state SET count = ?, head = ?, frontier = ? WHERE id = 1",
        (count, head, frontier.to_json()),
    )
    own_from = max(begun, base) + 1
    unsigned = Checkpoint(
        base, base_head, own_from, count, head, frontier.root_hex(), now_iso(), ""
    )
    append_line(log_path(data), _sign(StationKeys(data.keys, conn), unsigned).to_line())


def begin(conn: sqlite3.Connection, schema_before: int) -> None:
    """Start keeping checkpoints: only ever called by the schema migration that introduced
    them (version ``SCHEMA``), inside its transaction. The start is an audited event naming
    how many events predate it and the schema version the database was found at (0: a new
    station, whose checkpoints therefore cover it from event 1); ``Store.open`` signs the
    first line before the COMMIT, so the start never exists without its line."""
    head = conn.execute(_HEAD).fetchone() or (0, GENESIS)
    note = append(
        conn,
        STARTED,
        actor="system",
        data={"events_before": head[0], "schema_before": schema_before, "log": LOG.as_posix()},
    )
    conn.execute(
        "INSERT INTO audit_checkpoint_state(id, count, head, frontier, started_seq)"
        " VALUES (1, ?, ?, ?, ?)",
        (head[0], head[1], _frontier_upto(conn, head[0]).to_json(), note["seq"]),
    )
