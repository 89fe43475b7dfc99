"""The station database: one SQLite file in WAL mode with ``synchronous=FULL``.

``Store.open`` refuses to touch a damaged or foreign file (it never recreates or
overwrites one), runs ``PRAGMA quick_check``, applies migrations and clears media temp
files. All writes go through ``Store.atomic()``, which groups a change, its media
references and its audit event in one ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from appraiser import key_ledger as key_files
from appraiser.errors import (
    DatabaseDamagedError,
    DatabaseLockedError,
    DataFolderError,
    DiskFullError,
)
from appraiser.paths import PRIVATE_FILE, DataDir, owner_only
from appraiser.storage import (
    audit,
    checkpoint_verify,
    checkpoints,
    schema_check,
    schema_tripwire,
)
from appraiser.storage.media import MediaStore
from appraiser.storage.migrations import migrate

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class Tx:
    """One open transaction: write rows and the audit events that vouch for them."""

    def __init__(self, store: Store, actor: str | None) -> None:
        self.store = store
        self.conn = store.conn
        self.actor = actor

    @property
    def db(self):  # -> sqlite_utils.Database, inside this transaction
        return self.store.db

    def insert(self, table: str, row: dict[str, Any], *, action: str, **data: Any) -> int:
        """Insert an audited row and its audit event; returns the new row id."""
        row = {
            k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
            for k, v in row.items()
        }
        cols = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        key = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", row).lastrowid
        assert key is not None
        self.event(action, entity=table, entity_id=key, **data)
        return key

    def update(self, table: str, key: int, changes: dict[str, Any], *, action: str, **data: Any):
        """Change a row of a mutable audited table (users, stations) and audit the result."""
        sets = ", ".join(f"{k} = :{k}" for k in changes)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = :_key", {**changes, "_key": key})
        self.event(action, entity=table, entity_id=key, **data)

    def add_media(self, sha256: str, size: int, mime: str) -> None:
        """Name a stored media file; the file must already be durable in the media store."""
        if not self.store.media.exists(sha256):
            raise RuntimeError(f"media {sha256} must be stored before a row names it")
        exists = self.conn.execute("SELECT 1 FROM media WHERE sha256 = ?", (sha256,)).fetchone()
        if not exists:
            from appraiser.clock import now_iso

            row = {"sha256": sha256, "size": size, "mime": mime, "created": now_iso()}
            self.insert("media", row, action="media.stored")

    def event(self, action: str, *, entity: str | None = None, entity_id: Any = None, **data):
        return audit.append(
            self.conn, action, actor=self.actor, entity=entity, entity_id=entity_id, data=data
        )


def _looks_like_sqlite(path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(16) == SQLITE_HEADER


def _owner_only_database(path: Path) -> None:
    """The database holds password hashes and every record: 0600 (issue 14 finding 12).
    A new file is made 0600 before SQLite opens it, and SQLite gives its -wal and -shm the
    mode of the database; an older station's files are tightened here."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):  # exists already, or SQLite will say why not
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    for file in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        owner_only(file, PRIVATE_FILE)


def _translate(exc: sqlite3.Error, path) -> Exception:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(f"The database {path} is locked by another program.")
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError("The disk is full; the change was not saved.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DatabaseDamagedError(f"The database {path} is damaged ({exc}).")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DataFolderError(f"Cannot write the database {path} ({exc}).")
    return exc


@contextlib.contextmanager
def _signed_step(data: DataDir, conn: sqlite3.Connection, version: int) -> Iterator[None]:
    """Around one migration step, inside its transaction: once checkpoints exist (the step
    of ``checkpoints.SCHEMA`` starts them), the events a step wrote get their signed line
    before its COMMIT, like any ``Store.atomic`` transaction."""
    begun = checkpoints.head_seq(conn) if version > checkpoints.SCHEMA else 0
    yield
    if version >= checkpoints.SCHEMA:
        checkpoints.before_commit(conn, data, begun)


# What a migration step meets on a database whose version number was changed (issue 14
# second breaker, L-2): its tables already there, missing, or a CHECK not as it expects.
_ALTERED_SQL = ("already exists", "no such table", "no such column", "duplicate column")


def _migrate(conn: sqlite3.Connection, data: DataDir) -> None:
    """Migrate after the tripwires; a step failing on what is there means the database's
    version was altered: DatabaseDamagedError (exit 3), never an internal error."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    schema_tripwire.check_before_migrating(conn, version, checkpoints.log_path(data))
    try:
        migrate(conn, around=functools.partial(_signed_step, data))
    except sqlite3.OperationalError as exc:
        if not any(words in str(exc) for words in _ALTERED_SQL):
            raise
        raise schema_tripwire.altered(version, f"upgrading it failed ({exc})") from exc
    except (RuntimeError, KeyError, TypeError, ValueError) as exc:
        raise schema_tripwire.altered(version, f"upgrading it failed ({exc})") from exc


class Store:
    """The open database plus the media store of one data folder."""

    def __init__(self, data: DataDir, conn: sqlite3.Connection) -> None:
        self.data = data
        self.conn = conn
        self.media = MediaStore(data.media)
        self._lock = threading.RLock()
        self._schema_checked: int | None = None  # PRAGMA schema_version found unaltered

    @functools.cached_property
    def db(self):  # -> sqlite_utils.Database
        """sqlite-utils over the same connection, for bulk inserts and table tooling;
        imported on first use because it costs ~150 ms of start-up."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @classmethod
    def open(cls, data: DataDir, *, check: bool = True) -> Store:
        path = data.db
        if path.exists() and path.stat().st_size and not _looks_like_sqlite(path):
            raise DatabaseDamagedError(f"{path} is not an SQLite database.")
        _owner_only_database(path)
        conn = None
        try:
            conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cls._check(conn, path, check)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            _migrate(conn, data)
        except BaseException as exc:
            if conn is not None:  # release the file (and its -wal/-shm) for the next attempt
                conn.close()
            if isinstance(exc, sqlite3.Error):
                raise _translate(exc, path) from exc
            raise
        store = cls(data, conn)
        store.media.clean_temp()
        return store

    @staticmethod
    def _check(conn: sqlite3.Connection, path, check: bool) -> None:
        if not check:
            return
        result = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        if result != ["ok"]:
            raise DatabaseDamagedError(f"{path} failed its integrity check: {result[0]}")

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    @contextlib.contextmanager
    def atomic(self, actor: str | None = None) -> Iterator[Tx]:
        """A write transaction; nested use is refused to keep audit order obvious."""
        with self._lock:
            if self.conn.in_transaction:
                raise RuntimeError("nested Store.atomic() is not supported")
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                self._refuse_altered_schema()
                begun = checkpoints.head_seq(self.conn)
                yield Tx(self, actor)
                checkpoints.before_commit(self.conn, self.data, begun)  # signed, then COMMIT
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise _translate(exc, self.data.db) from exc
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def _refuse_altered_schema(self) -> None:
        """No write on a schema changed outside the app (issue 14 breaker H2): a view or
        trigger that differs from the migrations', or a table that is gone. Compared again
        only when SQLite's schema counter moved, so a transaction pays one PRAGMA."""
        version = self.conn.execute("PRAGMA schema_version").fetchone()[0]
        if version == self._schema_checked:
            return
        wrong = schema_check.write_blockers(self.conn)
        if wrong:
            raise DatabaseDamagedError(
                f"The database schema was altered outside the app: {'; '.join(wrong[:3])}"
                f"{' …' if len(wrong) > 3 else ''}. Nothing was saved.",
                hint="'appraiser audit verify' names every difference. Restore the latest "
                "backup, or ask the administrator to look at the audit trail.",
            )
        self._schema_checked = version

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        with self._lock:
            try:
                cursor = self.conn.execute(sql, params)
            except sqlite3.Error as exc:
                raise _translate(exc, self.data.db) from exc
            names = [d[0] for d in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def row_vouched(self, table: str, key: str | int) -> bool:
        """Whether a row is exactly what its newest audit event recorded (cheap)."""
        with self._lock:
            return audit.vouched(self.conn, table, key)

    def verify_audit(self) -> audit.VerifyReport:
        """The chain, the signed checkpoint log, the audited rows and the triggers."""
        with self._lock:
            upto, size = self._audit_extent()

            def anchors(report: audit.VerifyReport) -> None:
                checkpoint_verify.check(self.conn, self.data, report, upto=upto, size=size)
                key_files.check(self.conn, self.data, report)  # issue 14 breaker H3

            return audit.verify(self.conn, anchors=anchors)

    def _audit_extent(self) -> tuple[int, int | None]:
        """The event count and log size at one instant: lines are appended inside the write
        lock, so holding it for two reads gives a pair no other process is between."""
        path = checkpoints.log_path(self.data)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:  # read-only, or busy for 5 s: read without the lock
            return 1 << 62, None
        try:
            size = path.stat().st_size if path.exists() else 0
            row = self.conn.execute("SELECT MAX(seq) FROM audit_events").fetchone()
            return row[0] or 0, size
        finally:
            self.conn.execute("ROLLBACK")

    def integrity_check(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]

    def backup_to(self, target) -> None:
        """Consistent copy via the backup API (never a file copy of a live WAL database)."""
        with self._lock, contextlib.closing(sqlite3.connect(target)) as dest:
            self.conn.backup(dest)
