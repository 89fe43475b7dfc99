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

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


class _Relay(QObject):
    """Lives on the UI thread: signals emitted by a worker reach its slots queued, so the
    callbacks always run on the UI thread."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, finish: Callable[[_Relay, bool, Any], None]) -> None:
        super().__init__()
        self._finish = finish
        self.succeeded.connect(self._on_success)
        self.failed.connect(self._on_failure)

    @Slot(object)
    def _on_success(self, result: Any) -> None:
        self._finish(self, True, result)

    @Slot(object)
    def _on_failure(self, exc: Any) -> None:
        self._finish(self, False, exc)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict, relay: _Relay) -> None:
        super().__init__()
        self.fn, self.args, self.kwargs, self.relay = fn, args, kwargs, relay

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # handed to the UI thread; never lost in a worker
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


class TaskRunner(QObject):
    """Owns the thread pools; one per application (see ``runner()``)."""

    def __init__(self) -> None:
        super().__init__()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self.writer = QThreadPool(self)
        self.writer.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()
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
        def finish(relay: _Relay, ok: bool, value: Any) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            if parent is not None and not isValid(parent):
                return
            if ok:
                if on_success is not None:
                    on_success(value)
            elif on_failure is not None:
                on_failure(value)
            else:
                self.default_failure(parent, value)

        relay = _Relay(finish)
        self._relays.add(relay)
        (self.writer if db_write else self.pool).start(_Job(fn, args, kwargs, relay))

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
