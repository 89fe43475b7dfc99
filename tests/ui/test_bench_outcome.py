"""The outcome of a signed genuine case in the real window: the label prints from
"Print label…" through the system print dialog to a real CUPS queue and is recorded as
printed; the report PDF, which takes seconds, is announced until it is there."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication

from appraiser.services.casework import outcome, verdicts
from appraiser.services.labelling import labels
from tests.ui import bench_flow_support as flow

BAG = flow.support.BAG_GTIN


def _signed(station, session, password) -> str:
    uid = flow.case_at(station, session, BAG, "bags", "verdict")
    verdicts.sign(station.store, session, uid, "genuine", password)
    return uid


def test_print_label_from_the_outcome_to_a_cups_queue(
    qtbot, station, appraiser_session, password, controller, cups_queue
):
    flow.cups_visible(cups_queue.name)
    uid = _signed(station, appraiser_session, password)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_from_queue(qtbot, controller.window, uid)
    qtbot.waitUntil(page.outcome.print_button.isVisible)
    qtbot.mouseClick(page.outcome.print_button, Qt.MouseButton.LeftButton)
    dialog = flow.print_dialog(qtbot, controller.window)
    flow.print_to_queue(qtbot, dialog, cups_queue.name)
    qtbot.waitUntil(lambda: "All labels printed (1)" in dialog.status.text(), timeout=60000)
    serial = labels.live_label(station.store, uid).serial
    assert labels.state_of(station.store, serial) == "printed"
    job = flow.wait_for_job(qtbot, cups_queue)
    assert job.stat().st_size > 0
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Close),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_report_is_announced_until_written_and_the_bench_stays_usable(
    qtbot, station, appraiser_session, password, controller, monkeypatch, cups_scheduler
):
    ready = threading.Event()
    real = outcome.report

    def slow_report(*args, **kwargs):
        ready.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(outcome, "report", slow_report)
    flow.case_at(station, appraiser_session, BAG, "bags", "verdict")
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_case(qtbot, controller.window, BAG, "verdict")
    flow.focus(qtbot, page.verdict.note)
    flow.press(page.verdict.note, "Alt+G")
    qtbot.waitUntil(page.verdict.sign.isEnabled)
    qtbot.mouseClick(page.verdict.sign, Qt.MouseButton.LeftButton)
    flow.support.sign(qtbot, page, password)
    qtbot.waitUntil(lambda: page.outcome.serial is not None, timeout=20000)
    flow.back_to(qtbot, controller.window)
    busy, status = page.outcome.report_busy, page.outcome.report_status
    assert busy.isVisible() and busy.maximum() == 0  # a moving bar: no end known
    assert status.text() == "Writing the appraisal report…"
    assert not page.outcome.report_button.isVisible()
    flow.press(page.outcome, "Ctrl+P")  # the window answers meanwhile
    dialog = flow.print_dialog(qtbot, controller.window)
    dialog.reject()
    ready.set()
    qtbot.waitUntil(page.outcome.report_button.isVisible, timeout=60000)
    assert not busy.isVisible() and not status.isVisible()
    assert "Appraisal report:" in page.outcome.details.text()


def test_the_print_dialog_opens_from_the_labels_flow_without_error(
    qtbot, station, appraiser_session, password, controller, cups_queue
):
    """The system print dialog itself (where it crashed): it opens, and Esc cancels it."""
    uid = _signed(station, appraiser_session, password)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_from_queue(qtbot, controller.window, uid)
    qtbot.waitUntil(page.outcome.print_button.isVisible)
    flow.press(page.outcome, "Ctrl+P")
    dialog = flow.print_dialog(qtbot, controller.window)
    flow.choose_system_printer(qtbot, dialog, cups_queue.name)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    system = flow.system_print_dialog(qtbot, dialog)
    assert isinstance(system, QPrintDialog) and system.isVisible()
    qtbot.keyClick(system, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not system.isVisible())
    assert dialog.print_button.isEnabled() and QApplication.activeModalWidget() is dialog
    dialog.reject()


def test_print_preview_opens_from_the_label_dialog(
    qtbot, station, appraiser_session, password, controller, cups_queue
):
    uid = _signed(station, appraiser_session, password)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_from_queue(qtbot, controller.window, uid)
    qtbot.waitUntil(page.outcome.print_button.isVisible)
    flow.press(page.outcome, "Ctrl+P")
    dialog = flow.print_dialog(qtbot, controller.window)
    flow.choose_system_printer(qtbot, dialog, cups_queue.name)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(dialog, "preview_dialog", None) is not None)
    preview = dialog.preview_dialog
    qtbot.waitUntil(preview.isVisible)
    preview.reject()
    dialog.reject()


def test_the_keyboard_returns_to_the_window_when_the_sign_dialog_closes(
    qtbot, station, appraiser_session, password, controller, cups_scheduler
):
    """Without a window manager (a bare X session at the bench, Xvfb) nobody else gives
    the keyboard back to the main window, and every key of the outcome would be lost."""
    flow.case_at(station, appraiser_session, BAG, "bags", "verdict")
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_case(qtbot, controller.window, BAG, "verdict")
    flow.focus(qtbot, page.verdict.note)
    flow.press(page.verdict.note, "Alt+G")
    qtbot.waitUntil(page.verdict.sign.isEnabled)
    flow.press(page.verdict.note, "Ctrl+S")
    qtbot.waitUntil(lambda: getattr(page, "sign_dialog", None) is not None)
    dialog = flow.back_to(qtbot, page.sign_dialog)
    flow.focus(qtbot, dialog.password)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.outcome.serial is not None, timeout=20000)
    qtbot.waitUntil(controller.window.isActiveWindow)
    flow.press(QApplication.focusWidget() or controller.window, "Ctrl+P")
    flow.print_dialog(qtbot, controller.window).reject()
