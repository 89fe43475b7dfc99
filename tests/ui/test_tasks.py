"""The background-work helper: work runs off the UI thread, callbacks run on it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from ui import tasks


def test_work_runs_off_the_ui_thread_and_callback_on_it(qtbot):
    main = threading.get_ident()
    seen: dict[str, int] = {}

    def work(x: int) -> int:
        seen["worker"] = threading.get_ident()
        return x * 2

    def done(result: int) -> None:
        seen["callback"] = threading.get_ident()
        seen["result"] = result

    tasks.run_task(None, work, 21, on_success=done)
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["worker"] != main
    assert seen["callback"] == main


def test_failure_reaches_on_failure_on_the_ui_thread(qtbot):
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("bad input")

    tasks.run_task(None, boom, on_failure=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)


def test_db_writes_are_serialised_in_submission_order(qtbot):
    order: list[int] = []
    active = {"now": 0, "max": 0}
    lock = threading.Lock()

    def write(n: int) -> int:
        with lock:
            active["now"] += 1
            active["max"] = max(active["max"], active["now"])
        order.append(n)
        with lock:
            active["now"] -= 1
        return n

    for n in range(20):
        tasks.run_task(None, write, n, db_write=True)
    qtbot.waitUntil(lambda: len(order) == 20)
    assert order == list(range(20))
    assert active["max"] == 1


def test_callbacks_are_dropped_for_a_destroyed_parent(qtbot, qapp):
    widget = QWidget()
    called: list[int] = []
    gate = threading.Event()
    tasks.run_task(widget, gate.wait, 5, on_success=lambda _r: called.append(1))
    widget.deleteLater()
    qtbot.waitUntil(lambda: not _alive(widget))
    gate.set()
    assert tasks.runner().wait_idle(5000)
    qapp.processEvents()  # delivers the queued result, which must be dropped
    assert called == []


def _alive(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)


@pytest.mark.parametrize("db_write", [False, True])
def test_default_failure_handler_is_used_without_on_failure(qtbot, db_write):
    seen: list[BaseException] = []
    runner = tasks.runner()
    previous = runner.default_failure
    runner.default_failure = lambda parent, exc: seen.append(exc)
    try:
        tasks.run_task(None, _raise_key_error, db_write=db_write)
        qtbot.waitUntil(lambda: bool(seen))
    finally:
        runner.default_failure = previous
    assert isinstance(seen[0], KeyError)


def _raise_key_error() -> None:
    raise KeyError("missing")
