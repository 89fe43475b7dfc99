"""Background sync of an enrolled station in the GUI (issue 15 item 2).

The window never waits for the fleet server: each pass (``services.fleet.background``) runs
on a thread of its own — a pass can upload video for minutes, which must not occupy the
shared task pool — and reports back on the UI thread. A pass starts

- every ``sync_every_seconds`` (station setting, 60 s by default),
- soon after anything is committed: every committing transaction appends a signed line to
  ``audit/checkpoints.jsonl``, so a file watcher on that log sees a verdict, a label, a scan —
  also one made by the CLI in another process — without every page having to say so,
- at start, and soon after a ``records_changed`` of a page.

What the status bar shows: "Server: synced", "Server: 3 pending", "Server: offline since
09:12 · 3 pending" (grey: the station works on), "Server: unavailable since 09:12 — it
resumes by itself" (grey: the server answered 5xx, its database is away), or, in red, a
refusal with what to do (a fork alarm, a key awaiting approval). A station that is not
enrolled shows nothing.
"""

from __future__ import annotations

import dataclasses
import logging
import threading

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from appraiser import clock
from appraiser.services.fleet import background
from appraiser.services.fleet.background import BackgroundSync, SyncState
from appraiser.storage.checkpoints import log_path
from ui.context import AppContext

log = logging.getLogger(__name__)
SOON_MS = 2000  # after a commit: long enough to gather a burst of commits into one pass
COUNT_MS = 200  # a burst of commits is counted once


class FleetSync(QObject):
    """Owned by the main window; its state is ``ctx.health["sync"]``."""

    finished = Signal(object)  # SyncState, from the pass thread (queued to the UI thread)
    counted = Signal(object)  # int | None, pending after a commit

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.engine = BackgroundSync(ctx.station.data)
        self.state: SyncState | None = None
        self.running = False
        self.again = False
        self.thread: threading.Thread | None = None
        self.timer = QTimer(self, timeout=self.request)
        self.soon = QTimer(self, singleShot=True, interval=SOON_MS, timeout=self.request)
        self.count_soon = QTimer(self, singleShot=True, interval=COUNT_MS, timeout=self._count)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._committed)
        self.finished.connect(self._finished)
        self.counted.connect(self._counted)
        ctx.records_changed.connect(lambda _what: self._committed())
        ctx.settings_changed.connect(lambda _s: self._set_interval())
        self._set_interval()
        self.timer.start()
        QTimer.singleShot(0, self.request)

    def _set_interval(self) -> None:
        self.timer.setInterval(self.ctx.settings.sync_every_seconds * 1000)

    def _watch(self) -> None:
        path = str(log_path(self.ctx.station.data))
        if path not in self.watcher.files():  # gone after a restore: watch the new one
            self.watcher.addPath(path)

    def enrolled(self) -> bool:
        return background.is_enrolled(self.ctx.station.data)

    def request(self) -> None:
        """Start a pass now, or right after the one running."""
        if not self.enrolled():
            return
        self._watch()
        if self.running:
            self.again = True
            return
        self.running, self.again = True, False
        self.thread = threading.Thread(target=self._run, name="fleet-sync", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            state = self.engine.run_pass()
        except Exception as exc:  # a bug must not kill background sync for the session
            log.exception("background sync pass failed")
            state = SyncState(background.REFUSED, problem=str(exc), refusal="other")
        self.finished.emit(state)

    def _finished(self, state: SyncState) -> None:
        self.running = False
        self._show(state)
        if self.again or state.kind == background.PENDING:
            self.soon.start()

    def _committed(self, *_path: str) -> None:
        """Something was committed: count what the server lacks, sync soon."""
        if not self.enrolled():
            return
        self._watch()
        self.count_soon.start()
        if not self.soon.isActive():  # a steady stream of commits still syncs every 2 s
            self.soon.start()

    def _count(self) -> None:
        threading.Thread(target=self._count_off_thread, daemon=True).start()

    def _count_off_thread(self) -> None:
        try:
            self.counted.emit(self.engine.pending_now())
        except Exception:  # counting is a courtesy; the next pass says the truth
            log.exception("counting pending records failed")

    def _counted(self, pending: int | None) -> None:
        state = self.state
        if pending is None or state is None or state.kind == background.REFUSED:
            return
        kind = background.OFFLINE if state.kind == background.OFFLINE else background.PENDING
        if pending == 0 and kind == background.PENDING:
            return
        self._show(dataclasses.replace(state, kind=kind, pending=pending))

    def _show(self, state: SyncState) -> None:
        self.state = state
        ok = {background.SYNCED: True, background.REFUSED: False}.get(state.kind)
        self.ctx.set_health("sync", ok, lambda: self.describe(state))

    def describe(self, state: SyncState) -> str:
        """The status-bar words of a state, in the language in force."""
        if state.kind == background.SYNCED:
            words = self.tr("synced")
        elif state.kind == background.PENDING:
            words = self.tr("%n pending", "", state.pending)
        elif state.kind == background.OFFLINE and state.unavailable:
            words = self.tr("unavailable since {0} — it resumes by itself").format(
                self._clock(state.since)
            )
            if state.pending:
                words += " · " + self.tr("%n pending", "", state.pending)
        elif state.kind == background.OFFLINE:
            words = self.tr("offline since {0}").format(self._clock(state.since))
            if state.pending:
                words += " · " + self.tr("%n pending", "", state.pending)
        else:
            words = self._refused(state)
        return self.tr("Server: {0}").format(words)

    def _clock(self, stamp: str | None) -> str:
        """HH:MM in the station's zone; with the day when it was not today."""
        if not stamp:
            return "?"
        tz = self.ctx.settings.tz()
        then = clock.local(stamp, tz)
        same_day = then.date() == clock.local(clock.utcnow(), tz).date()
        return then.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")

    def _refused(self, state: SyncState) -> str:
        """Short enough for the status bar, and says what to do (the whole line is its
        tooltip; the server's own words are in the log)."""
        todo = {
            "fork": self.tr("sync refused: fork alarm — call the site administrator"),
            "key": self.tr("sync refused: new station key — the server must approve it"),
            "enrolment": self.tr("sync refused: enrolment missing — enrol the station again"),
            "revoked": self.tr("sync refused: enrolment revoked — call the site administrator"),
        }.get(state.refusal or "")
        return todo or self.tr("sync refused — ask the site administrator: {0}").format(
            state.problem or ""
        )

    def stop(self, wait_s: float = 30.0) -> None:
        """Stop scheduling passes and let a running one end (window closing, tests)."""
        self.timer.stop()
        self.soon.stop()
        if self.thread is not None:
            self.thread.join(wait_s)
