"""The one way the UI runs slow work: off the UI thread, results back on it.

Modelled on Anki's ``CollectionOp``: a screen calls ``run_task(parent, fn, *args,
on_success=..., on_failure=...)``; ``fn`` runs on a worker, and exactly one callback runs
later on the UI thread. Database writes pass ``db_write=True`` and are serialised on a
single worker, so two screens never interleave transactions.

The threading rule: *never touch a widget from a worker*. ``fn`` gets plain data and
returns plain data; only the callbacks (run on the UI thread) touch widgets. For example::

    run_task(self, appraisals.list_for_day, store, day, tz,
             on_success=self.model.set_rows)          # right: callback fills the model
    run_task(self, lambda: self.table.setRowCount(3))  # wrong: widget touched off-thread

Callbacks are dropped if ``parent`` was destroyed meanwhile, so a closed dialog is never
called back.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


class _Relay(QObject):
    """One long-lived object on the UI thread: a worker's queued signal reaches its slot
    on the UI thread, so callbacks always run there."""

    done = Signal(int, bool, object)


class _Job(QRunnable):
    """Runs one call. It drops its references to the call *before* reporting back, so the
    last reference to anything the call captured (widgets included) is always released
    on the UI thread, never on a worker (Shiboken may crash deleting a wrapper there)."""

    def __init__(self, job_id: int, call: tuple, relay: _Relay) -> None:
        super().__init__()
        self.job_id, self.call, self.relay = job_id, call, relay

    def run(self) -> None:
        fn, args, kwargs = self.call
        self.call = None
        try:
            value, ok = fn(*args, **kwargs), True
        except BaseException as exc:  # handed to the UI thread; never lost in a worker
            value, ok = exc, False
        del fn, args, kwargs
        self.relay.done.emit(self.job_id, ok, value)


class TaskRunner(QObject):
    """Owns the thread pools; one per application (see ``runner()``)."""

    def __init__(self) -> None:
        super().__init__()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self.writer = QThreadPool(self)
        self.writer.setMaxThreadCount(1)
        self.relay = _Relay(self)
        self.relay.done.connect(self._finish)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple] = {}
        self.default_failure: Callable[[QObject | None, BaseException], None] = _log_failure

    def submit(
        self,
        parent: QObject | None,
        fn: Callable[..., Any],
        args: tuple,
        kwargs: dict,
        on_success: Callback | None,
        on_failure: Callable[[BaseException], None] | None,
        db_write: bool,
    ) -> None:
        job_id = next(self._ids)
        call = (fn, args, kwargs)
        self._pending[job_id] = (parent, call, on_success, on_failure)
        (self.writer if db_write else self.pool).start(_Job(job_id, call, self.relay))

    @Slot(int, bool, object)
    def _finish(self, job_id: int, ok: bool, value: Any) -> None:
        parent, _call, on_success, on_failure = self._pending.pop(job_id)
        if parent is not None and not isValid(parent):
            return  # the screen that asked is gone: nobody to tell
        if ok:
            if on_success is not None:
                on_success(value)
        elif on_failure is not None:
            on_failure(value)
        else:
            self.default_failure(parent, value)

    def idle(self) -> bool:
        """True when no job is queued, running, or waiting to call back (tests poll it)."""
        return not self._pending

    def wait_idle(self, msecs: int = 30000) -> bool:
        """For shutdown and tests: wait until every queued job has run."""
        return self.writer.waitForDone(msecs) and self.pool.waitForDone(msecs)


def _log_failure(parent: QObject | None, exc: BaseException) -> None:
    log.error("background task failed", exc_info=exc)


_runner: TaskRunner | None = None
_runner_lock = threading.Lock()


def runner() -> TaskRunner:
    global _runner
    with _runner_lock:
        if _runner is None or not isValid(_runner):
            _runner = TaskRunner()
        return _runner


def run_task(
    parent: QObject | None,
    fn: Callable[..., Any],
    *args: Any,
    on_success: Callback | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    db_write: bool = False,
    **kwargs: Any,
) -> None:
    """Run ``fn(*args, **kwargs)`` off the UI thread; call back on the UI thread.

    Without ``on_failure`` a failure goes to the app's error dialog (known errors get a
    friendly message, bugs the crash dialog).
    """
    runner().submit(parent, fn, args, kwargs, on_success, on_failure, db_write)
