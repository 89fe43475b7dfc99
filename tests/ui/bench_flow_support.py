"""Helpers for the bench-flow tests: a controller on a demo station, cases brought to a
step through the core services (the tests then drive only the step under test with real
keys and clicks), and small waits on what a person sees."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinterInfo
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QWidget

from appraiser import checklists
from appraiser.capture.quality import GateResult
from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import bench, capture, workflow
from tests.ui import workflow_support as support
from ui import tasks
from ui.app import Controller
from ui.dialogs.print_labels import PrintLabelsDialog

FOOD_GTIN = "7491766914787"  # TERRANOVA Poshi 66 (food: the dated label facts)
SHOE_GTIN = "9771330439082"  # KESTREL Anka 60 (EU)
PASSED = GateResult(True, (), {"sharpness": 1.0})


@contextmanager
def controller(qtbot, station, tmp_path, monkeypatch) -> Iterator[Controller]:
    """The app's controller and main window on a demo station with the simulated camera."""
    support.prepare_station(station)
    support.with_bench_pages(monkeypatch)
    made = Controller(station, tmp_path / "log")
    qtbot.addWidget(made.window)
    try:
        yield made
    finally:
        made.window.idle.timer.stop()  # no lock of a window on its way out
        if made.dialog is not None:  # a sign-in or unlock dialog left open would block
            made.dialog.hide()  # the next tests (closing: a lock refuses, sign-in quits)
        page = made.window.pages.get("appraisal")
        if page is not None:
            page.capture.capture.shutdown()
        tasks.runner().wait_idle()


def sign_in(qtbot, controller: Controller, session) -> None:
    """Signed in: the main window shows, maximised, and has the keyboard."""
    controller.signed_in(session)
    window = controller.window
    window.showNormal()  # maximised on the offscreen screen is not the bench's 1366×768
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    back_to(qtbot, window)


def new_item(station, session, gtin: str) -> str:
    """The queue entry of a scanned GTIN (what a scan at the queue creates)."""
    day = queue.local_day(station.settings.tz())
    item_uid, _created = queue.add_scan(station.store, session, day, scanning.parse(gtin))
    return item_uid


def begin(station, session, gtin: str, category: str) -> str:
    """Intake confirmed: the case stands at its capture step."""
    item_uid = new_item(station, session, gtin)
    settings = station.settings
    return workflow.begin(
        station.store, session, settings.station_code, settings.tz(), item_uid, category, {}
    )


def shoot_required(station, session, uid: str) -> None:
    """A stored still for every required view (the genuine artwork, as the camera sees it)."""
    case = workflow.load(station.store, uid)
    artwork = bench.item_artwork(station, case)
    image = artwork if artwork is not None else np.full((480, 640, 3), 128, np.uint8)
    for view in checklists.load(case.category).required_views:
        capture.store_still(station.store, session, uid, view, image, PASSED)


def case_at(station, session, gtin: str, category: str, step: str) -> str:
    """A case of ``gtin`` saved up to ``step`` by its holder, as the bench would save it."""
    uid = begin(station, session, gtin, category)
    order = workflow.STEPS.index(step)
    if order >= workflow.STEPS.index("compare"):
        shoot_required(station, session, uid)
        workflow.save_step(station.store, session, uid, "capture", {"stills": 9})
    if order >= workflow.STEPS.index("checklist"):
        reading = {"reading": "consistent", "version_id": None}
        workflow.save_step(station.store, session, uid, "compare", reading)
    if order >= workflow.STEPS.index("verdict"):
        points = {
            p.key: {"result": "pass", "note": "", "evidence": None}
            for p in checklists.load(category).checkpoints
        }
        workflow.save_step(station.store, session, uid, "checklist", {"points": points})
    return uid


def open_by_scan(qtbot, window, gtin: str):
    """Scan the GTIN at the queue page (real keys): the bench opens the item or its case."""
    window.show_page("queue")
    queue_page = window.pages["queue"]
    qtbot.waitUntil(lambda: window.current_page() is queue_page)
    support.scan(qtbot, queue_page.table, gtin)
    page = window.pages["appraisal"]
    qtbot.waitUntil(lambda: window.current_page() is page and page.item is not None)
    qtbot.waitUntil(lambda: (page.item or {}).get("gtin", "").lstrip("0") == gtin.lstrip("0"))
    return page


def open_case(qtbot, window, gtin: str, step: str):
    """Open the case of ``gtin`` by scanning; it shows at ``step`` (a signed case: outcome)."""
    page = open_by_scan(qtbot, window, gtin)
    qtbot.waitUntil(lambda: page.case is not None)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.steps[step])
    return page


def open_from_queue(qtbot, window, uid: str, step: str = "outcome"):
    """Open a case from today's list: its row selected, then Enter (as a person would for
    a finished case, which a scan would not reopen: a scan is a new unit)."""
    window.show_page("queue")
    queue_page = window.pages["queue"]
    model, table = queue_page.model, queue_page.table

    def row_of_case() -> int | None:
        rows = [n for n in range(model.rowCount()) if model.row(n).get("appraisal_uid") == uid]
        return rows[0] if rows else None

    qtbot.waitUntil(lambda: row_of_case() is not None)
    quiet(qtbot)
    click_row(qtbot, table, row_of_case())
    QTest.keyClick(table, Qt.Key.Key_Return)
    page = window.pages["appraisal"]
    qtbot.waitUntil(lambda: page.case is not None and page.case.uid == uid)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.steps[step])
    return page


def back_to(qtbot, window: QWidget) -> QWidget:
    """The keyboard goes to ``window``: a new dialog, or the main window when a dialog
    closed. A window manager does this; the offscreen platform has none, so do it here."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def settle(qtbot) -> None:
    """Wait until every database write asked for so far has run and reported back (the
    writer is one queue): after this, a key that saved nothing really saved nothing."""
    done: list[bool] = []
    tasks.run_task(None, bool, on_success=done.append, db_write=True)
    qtbot.waitUntil(lambda: bool(done))


def quiet(qtbot) -> None:
    """No background job left to call back (a page that reloads resets its selection)."""
    qtbot.waitUntil(tasks.runner().idle, timeout=20000)


def click_row(qtbot, table, row: int) -> None:
    """Select a table row with the mouse, on its first visible column."""
    model = table.model()
    column = next(c for c in range(model.columnCount()) if not table.isColumnHidden(c))
    rect = table.visualRect(model.index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: row in {i.row() for i in table.selectionModel().selectedRows()})


def focus(qtbot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def press(widget: QWidget, keys: str) -> None:
    """A key sequence typed into ``widget`` (the focus widget, as on a real keyboard)."""
    QTest.keySequence(widget, QKeySequence(keys))


def press_keypad_enter(widget: QWidget, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:
    """The Enter key of the numeric keypad, as a keyboard sends it."""
    QTest.keyClick(widget, Qt.Key.Key_Enter, modifiers | Qt.KeyboardModifier.KeypadModifier)


def cups_visible(queue_name: str) -> None:
    """Qt (libcups) must list the private queue. libcups keeps the first scheduler it was
    told of per thread, so ``cups_scheduler`` must be set up before any test shows a print
    dialog: tests that open one ask for that fixture even when they print nothing."""
    names = QPrinterInfo.availablePrinterNames()
    assert queue_name in names, f"Qt lists {names}, not {queue_name}: CUPS_SERVER came late"


def print_dialog(qtbot, window) -> PrintLabelsDialog:
    """The label print dialog the window opened."""
    qtbot.waitUntil(lambda: shown(window.findChildren(PrintLabelsDialog)) is not None)
    return back_to(qtbot, shown(window.findChildren(PrintLabelsDialog)))


def shown(widgets):
    """The first of ``widgets`` on screen (dialogs of a kind are kept after closing)."""
    return next((w for w in widgets if w.isVisible()), None)


def choose_system_printer(qtbot, dialog: PrintLabelsDialog, queue_name: str) -> None:
    """Printer type "System printer" and the queue's name, picked with the keyboard."""
    focus(qtbot, dialog.kind)
    while dialog.kind.currentData() != "system":
        before = dialog.kind.currentIndex()
        QTest.keyClick(dialog.kind, Qt.Key.Key_Up if before > 0 else Qt.Key.Key_Down)
        assert dialog.kind.currentIndex() != before
    focus(qtbot, dialog.printer_name)  # an editable box: typing goes to its line
    press(dialog.printer_name, "Ctrl+A")
    qtbot.keyClicks(dialog.printer_name, queue_name)
    assert dialog.printer_name.currentText() == queue_name


def system_print_dialog(qtbot, dialog: PrintLabelsDialog) -> QPrintDialog:
    qtbot.waitUntil(lambda: shown(dialog.findChildren(QPrintDialog)) is not None)
    return back_to(qtbot, shown(dialog.findChildren(QPrintDialog)))


def print_to_queue(qtbot, dialog: PrintLabelsDialog, queue_name: str) -> None:
    """Print from the label dialog to a CUPS queue through the system print dialog."""
    choose_system_printer(qtbot, dialog, queue_name)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    system = system_print_dialog(qtbot, dialog)
    # Only the queue itself: any other choice (print to a file that exists, say) would ask
    # a question in a dialog of its own and the test would wait for ever.
    assert system.printer().printerName() == queue_name, "Qt does not see the CUPS queue"
    # Click its Print button: a Return key goes to whichever widget has focus, and on two
    # busy cores that was at times still the label dialog behind it (1 CI run in 3).
    ok = system.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(ok.isVisible)
    assert ok.isEnabled(), "the system print dialog will not print to the queue"
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    # the dialog closes once Qt has handed the job to CUPS: seconds on two busy cores
    qtbot.waitUntil(lambda: not system.isVisible(), timeout=30000)


def wait_for_job(qtbot, cups_queue, timeout_ms: int = 60000) -> Path:
    """The first finished job in the queue's output folder (the spooler is another
    process, so there is nothing to wait on but the file)."""
    found: list[Path] = []

    def landed() -> bool:
        found[:] = sorted(cups_queue.output.glob("job_*.ps"))
        return bool(found)

    qtbot.waitUntil(landed, timeout=timeout_ms)
    return found[0]


def choose_menu(qtbot, window, menu: QMenu, action) -> None:
    """Open a menu of the menu bar and pick an entry, with the mouse."""
    bar = window.menuBar()
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center()
    )
    qtbot.waitUntil(menu.isVisible)
    point: QPoint = menu.actionGeometry(action).center()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=point)
