"""The queue and the bad inputs at the bench: scanner bursts from any widget, malformed
codes, unknown GTINs, inbound lists with bad rows, held items, and resuming after a crash."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import appraisals, workflow
from tests.ui import bench_flow_support as flow
from tests.ui import workflow_support as bench
from ui import scanner
from ui.app import Controller
from ui.pages import queue_page


class FakeClock:
    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def _no_app_scanner(qapp) -> Iterator[None]:
    """The application-wide filter (if an earlier test made one) must not interfere."""
    app_filter = scanner.install(qapp)
    app_filter.enabled = False
    yield
    app_filter.enabled = True


def _filter(qtbot, step: float):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    edit.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    watcher = scanner.ScannerFilter(clock=FakeClock(step))
    edit.installEventFilter(watcher)
    return edit, watcher


@pytest.mark.usefixtures("_no_app_scanner")
def test_without_a_listener_a_burst_is_plain_typing(qtbot):
    edit, watcher = _filter(qtbot, 0.005)
    assert not watcher.listening()
    with qtbot.waitSignal(edit.returnPressed):
        qtbot.keyClicks(edit, "5901234123457")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "5901234123457"


@pytest.mark.usefixtures("_no_app_scanner")
def test_a_fast_burst_ending_in_enter_is_a_scan_and_leaves_the_field_clean(qtbot):
    edit, watcher = _filter(qtbot, 0.005)
    watcher.scanned.connect(lambda _code: None)
    edit.setText("note: ")
    edit.end(False)
    with qtbot.waitSignal(watcher.scanned) as caught:
        qtbot.keyClicks(edit, "5901234123457")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert caught.args == ["5901234123457"]
    assert edit.text() == "note: "


@pytest.mark.usefixtures("_no_app_scanner")
def test_human_typing_is_left_alone(qtbot):
    edit, watcher = _filter(qtbot, 0.120)
    seen: list[str] = []  # listening, but a person types slower than a scanner
    watcher.scanned.connect(seen.append)
    with qtbot.waitSignal(edit.returnPressed):
        qtbot.keyClicks(edit, "5901234123457")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert seen == [] and edit.text() == "5901234123457"


def test_malformed_barcode_is_explained(qtbot, station, appraiser_session, controller):
    bench.open_window(qtbot, controller, appraiser_session)
    page = controller.window.pages["queue"]
    page.handle_code("5901234123458")
    assert "wrong check digit" in page.message.text()
    page.handle_code("HELLO-WORLD")
    assert "neither a GS1 code nor an EAN/UPC" in page.message.text()
    assert queue.list_day(station.store, page.today()) == []


def test_unknown_gtin_means_manual_intake_and_no_match_offer(
    qtbot, station, appraiser_session, controller
):
    bench.open_window(qtbot, controller, appraiser_session)
    bench.scan(qtbot, controller.window.pages["queue"].scan_field, "5901234123457")
    page = controller.window.pages["appraisal"]
    qtbot.waitUntil(lambda: page.item is not None and page.intake.no_match.isVisible())
    assert "not in the library" in page.intake.library.text()
    assert page.intake.edits["brand"].text() == ""
    page.intake.edits["brand"].setText("Unknown Brand")
    qtbot.mouseClick(page.intake.no_match, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.intake.no_match.isEnabled())
    row = station.store.one("SELECT * FROM library_no_match")
    assert (row["gtin"], row["brand"]) == ("05901234123457", "Unknown Brand")


def test_inbound_list_preview_shows_bad_rows_then_queues_the_good(
    qtbot, station, appraiser_session, controller, tmp_path
):
    listing = tmp_path / "inbound.csv"
    listing.write_text(
        "报关单号,商品条码,品牌,型号,数量,商家\n"
        f"223120261000000001,{bench.BAG_GTIN},AURELIA,FAMON51,1,Shanghai Trading\n"
        "223120261000000002,5901234123458,Bad,Row,1,X\n"
        "223120261000000003,,NoCode,Row,x,X\n",
        encoding="utf-8",
    )
    bench.open_window(qtbot, controller, appraiser_session)
    page = controller.window.pages["queue"]
    dialog = page.open_import()
    dialog.load(listing)
    qtbot.waitUntil(lambda: dialog.result is not None)
    assert dialog.bad.rowCount() == 2 and dialog.good.rowCount() == 1
    assert "2 bad rows" in dialog.summary.text()
    assert dialog.tabs.currentIndex() == 1  # bad rows shown first
    problems = dialog.bad.row(1)["problems"]
    assert "neither GTIN nor SKU" in problems and "quantity" in problems
    qtbot.mouseClick(dialog.commit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row(0)["declaration_no"] == "223120261000000001"
    again = page.open_import()
    again.load(listing)
    qtbot.waitUntil(lambda: again.result is not None)
    assert not again.commit_button.isEnabled() and "imported before" in again.summary.text()


def test_a_second_appraiser_cannot_take_a_held_item(
    qtbot, station, appraiser_session, second_appraiser, controller
):
    day = queue.local_day(station.settings.tz())
    item, _ = queue.add_scan(station.store, appraiser_session, day, scanning.parse(bench.BAG_GTIN))
    workflow.begin(station.store, appraiser_session, "BW-01", station.settings.tz(), item, "bags")
    bench.open_window(qtbot, controller, second_appraiser)
    queue_view = controller.window.pages["queue"]
    qtbot.waitUntil(lambda: queue_view.model.rowCount() == 1)
    queue_view.table.selectRow(0)
    qtbot.mouseClick(queue_view.open_button, Qt.MouseButton.LeftButton)
    page = controller.window.pages["appraisal"]
    qtbot.waitUntil(lambda: "held by Appraiser1" in page.message.text())
    assert page.case is None and page.stack.currentWidget() is page.empty


def test_interrupted_case_is_offered_for_resume_and_abandon(
    qtbot, station, appraiser_session, controller
):
    day, tz = queue.local_day(station.settings.tz()), station.settings.tz()
    first, _ = queue.add_scan(station.store, appraiser_session, day, scanning.parse(bench.BAG_GTIN))
    second, _ = queue.add_scan(
        station.store, appraiser_session, day, scanning.parse("5901234123457")
    )
    kept = workflow.begin(station.store, appraiser_session, "BW-01", tz, first, "bags")
    flow.shoot_required(station, appraiser_session, kept)
    workflow.save_step(station.store, appraiser_session, kept, "capture", {"stills": 8})
    dropped = workflow.begin(station.store, appraiser_session, "BW-01", tz, second, "bags")
    queue_page._interrupted_marked.discard(str(station.data.root))  # as at a fresh start
    fresh = Controller(station, station.data.root / "log2")
    qtbot.addWidget(fresh.window)
    bench.open_window(qtbot, fresh, appraiser_session)
    page = fresh.window.pages["queue"]
    qtbot.waitUntil(lambda: page.recovery.isVisible() and len(page.unfinished) == 2)
    assert "interrupted" in page.recovery_text.text()
    page.abandon(dropped, "customer withdrew the goods")
    qtbot.waitUntil(lambda: len(page.unfinished) == 1)
    assert appraisals.current(station.store, dropped)["state"] == "abandoned"
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    bench_page = fresh.window.pages["appraisal"]
    qtbot.waitUntil(lambda: bench_page.case is not None and bench_page.case.uid == kept)
    assert bench_page.case.step == "compare" and bench_page.case.state == "open"
    fresh.window.pages["appraisal"].capture.capture.shutdown()


def test_the_holder_hands_the_case_over_with_a_reason(
    qtbot, station, appraiser_session, second_appraiser, controller
):
    bench.open_window(qtbot, controller, appraiser_session)
    bench.scan(qtbot, controller.window.pages["queue"].scan_field, bench.BAG_GTIN)
    page = controller.window.pages["appraisal"]
    qtbot.waitUntil(lambda: page.item is not None and page.intake.start.isEnabled())
    qtbot.mouseClick(page.intake.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.case is not None and page.actions.isVisible())
    uid = page.case.uid
    page.handover("appraiser2", "")
    qtbot.waitUntil(lambda: "reason" in page.message.text())
    page.handover("appraiser2", "end of shift")
    qtbot.waitUntil(lambda: page.case is None)
    record = appraisals.current(station.store, uid)
    assert record["appraiser_id"] == second_appraiser.user_id
    assert record["reason"] == "handed over: end of shift"
