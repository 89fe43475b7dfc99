"""Background sync of an enrolled station (issue 15 item 2): the Qt-free half of the GUI's
sync worker — one pass at a time, and the state the status bar shows.

States, in the words the status bar uses:
- ``synced``: the server holds every audit event and checkpoint line of this station;
- ``pending``: ``n`` events/lines are not on the server yet (new work since the last pass,
  or work committed while a pass ran);
- ``offline``: the server did not answer; ``since`` is when the first failed pass began (kept
  across further failures, so "offline since 09:12" stays 09:12) — the station works on.
  With ``unavailable`` the server did answer, with a 5xx (up, but its database away or
  read-only): nothing is wrong on the bench or the network, and it resumes by itself;
- ``refused``: the server answered with a refusal the station cannot settle by itself (a
  fork alarm, a key rotated after enrolment and not yet approved, a damaged link file): shown
  in red with what to do, never retried silently as if it were an outage.

A pass reads the station through its *own* read-only SQLite connection: the UI thread keeps
writing through the station's connection, and WAL gives the pass a consistent snapshot
without ever holding the UI's lock or seeing a transaction that may still roll back.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from appraiser.clock import now_iso
from appraiser.errors import InvalidInput, KnownError
from appraiser.paths import DataDir
from appraiser.services.fleet import link as fleet_link
from appraiser.services.fleet.link import ServerRefused, ServerUnavailable, ServerUnreachable
from appraiser.services.fleet.sync import _complete_lines, sync_once
from appraiser.storage.db import Store

SYNCED, PENDING, OFFLINE, REFUSED = "synced", "pending", "offline", "refused"


@dataclass(frozen=True)
class SyncState:
    """``kind`` one of the four above; ``pending`` events + checkpoint lines the server
    lacks (as far as the station knows); ``since`` UTC ISO start of an outage; ``problem``
    the one-line reason of an outage or refusal (the server's words); ``refusal`` which
    refusal it was (``refusal_kind``); ``at`` when this state was found; ``unavailable``
    an outage where the server answered 5xx (see the module doc)."""

    kind: str
    pending: int = 0
    since: str | None = None
    problem: str | None = None
    refusal: str | None = None
    at: str | None = None
    unavailable: bool = False


def is_enrolled(data: DataDir) -> bool:
    return fleet_link.link_path(data).is_file()


def open_reader(data: DataDir) -> Store:
    """A read-only ``Store`` on the station database for one pass (see the module doc)."""
    uri = f"file:{data.db}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    return Store(data, conn)


def refusal_kind(exc: KnownError) -> str:
    """Which refusal, so the status bar can say what to do in the station's language:
    ``fork`` (the server keeps the first history and raised an alarm: call the site
    administrator), ``key`` (a key rotated after enrolment awaits `server approve-key`),
    ``revoked`` (the server revoked this station's enrolment: call the site administrator),
    ``enrolment`` (not enrolled / link file damaged: enrol again), ``other``."""
    text = exc.message
    if "enrolment was revoked" in text:
        return "revoked"
    if "fork" in text or "bad_signature" in text:
        return "fork"
    if "approve-key" in text:
        return "key"
    if isinstance(exc, InvalidInput):
        return "enrolment"
    return "other"


class BackgroundSync:
    """Runs passes and remembers what the station knows about the server between them
    (its last heads, when the outage began). ``run_pass`` may be called from any thread,
    one pass at a time (a second call while one runs waits for it)."""

    def __init__(self, data: DataDir) -> None:
        self.data = data
        self.heads: dict[str, Any] | None = None
        self.offline_since: str | None = None
        self._lock = threading.Lock()

    def run_pass(self) -> SyncState:
        with self._lock:
            started = now_iso()
            store = open_reader(self.data)
            try:
                return self._pass(store, started)
            finally:
                store.close()

    def _pass(self, store: Store, started: str) -> SyncState:
        try:
            report = sync_once(self.data, store)
        except ServerUnreachable as exc:
            self.offline_since = self.offline_since or started
            return SyncState(
                OFFLINE,
                self._local_pending(store),
                self.offline_since,
                exc.message,
                at=started,
                unavailable=isinstance(exc, ServerUnavailable),
            )
        except (ServerRefused, InvalidInput) as exc:
            self.offline_since = None
            return SyncState(
                REFUSED, self._local_pending(store), None, exc.message, refusal_kind(exc), now_iso()
            )
        self.offline_since = None
        self.heads = report.heads
        waiting = _shown(report.pending["events"], report.pending["lines"])
        return SyncState(SYNCED if waiting == 0 else PENDING, waiting, at=now_iso())

    def pending_now(self) -> int | None:
        """Events + lines committed since the last known server heads (None before any pass
        reached the server): cheap, read after each committed change."""
        if self.heads is None:
            return None
        store = open_reader(self.data)
        try:
            return self._local_pending(store)
        finally:
            store.close()

    def _local_pending(self, store: Store) -> int:
        heads = self.heads or {"events_head": 0, "lines_head": 0}
        top = store.one("SELECT COALESCE(MAX(seq), 0) AS n FROM audit_events")["n"]
        lines = len(_complete_lines(self.data))
        return _shown(
            max(0, top - int(heads["events_head"])), max(0, lines - int(heads["lines_head"]))
        )


def _shown(events: int, lines: int) -> int:
    """What "n pending" counts: audit events (one per recorded change, what a person means
    by records); checkpoint lines ride along with them, and a line alone still counts one."""
    return events or (1 if lines else 0)
