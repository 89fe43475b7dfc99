"""The Today page over queue lines: a line of 24 shows "k of 24 appraised" and opens the
next unit; a scan of an imported row brings its lot and expiry to intake; rows of
appraisals started outside the queue (the demo's) name their appraiser; a busy day's
summary wraps instead of widening the window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from appraiser.domain.enums import Category
from appraiser.services.arrivals import inbound, queue
from appraiser.services.casework import appraisals, verdicts, workflow
from tests.ui import workflow_support as bench
from tests.ui.scanner_support import KeyClock, type_burst
from ui import i18n, scanner
from ui.models.queue_rows import line_state
from ui.pages.queue_page import COLUMN_KEYS
from ui.widgets.appraisal_text import tr_core

BAG14 = "0" + bench.BAG_GTIN
DECL = "223120261000000001"


@pytest.fixture
def clock(qapp) -> Iterator[KeyClock]:
    """The application's scanner filter times keys by this clock during the test."""
    app_filter = scanner.install(qapp)
    before, app_filter.clock = app_filter.clock, KeyClock()
    yield app_filter.clock
    app_filter.clock = before


def _import(station, session, tmp_path, quantity: int) -> str:
    path = tmp_path / "inbound.csv"
    path.write_text(
        "报关单号,商品条码,品牌,型号,数量,商家\n"
        f"{DECL},{bench.BAG_GTIN},AURELIA,FAMON51,{quantity},Shanghai Trading\n",
        encoding="utf-8",
    )
    day = queue.local_day(station.settings.tz())
    inbound.import_file(station.store, session, path, day)
    return queue.list_day(station.store, day)[0]["item_uid"]


def _cell(page, row: int, key: str) -> str:
    return page.model.index(row, COLUMN_KEYS.index(key)).data()


def test_a_line_of_24_shows_its_progress_and_opens_the_next_unit(
    qtbot, station, appraiser_session, password, controller, tmp_path
):
    line = _import(station, appraiser_session, tmp_path, quantity=24)
    tz = station.settings.tz()
    first = workflow.begin(station.store, appraiser_session, "BW-01", tz, line, "bags")
    verdicts.sign(station.store, appraiser_session, first, "genuine", password)
    bench.open_window(qtbot, controller, appraiser_session)
    view = controller.window.pages["queue"]
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert _cell(view, 0, "state") == "1 of 24 appraised"
    view.table.selectRow(0)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    page = controller.window.pages["appraisal"]
    qtbot.waitUntil(lambda: page.item is not None and page.item["uid"] != line)
    assert page.case is None and page.stack.currentWidget() is page.intake
    assert page.intake.edits["declaration_no"].text() == DECL


def test_a_scan_of_an_imported_row_brings_lot_and_expiry_to_intake(
    qtbot, station, appraiser_session, controller, tmp_path, clock
):
    line = _import(station, appraiser_session, tmp_path, quantity=1)
    bench.open_window(qtbot, controller, appraiser_session)
    view = controller.window.pages["queue"]
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table)
    type_burst(view.table, "01" + BAG14 + "17271231" + "10LOT2412", clock, 4, Qt.Key.Key_Return)
    page = controller.window.pages["appraisal"]
    qtbot.waitUntil(lambda: page.item is not None and page.item["uid"] == line)
    assert page.intake.edits["batch_lot"].text() == "LOT2412"
    assert page.intake.edits["expiry"].text() == "2027-12-31"
    assert page.intake.edits["declaration_no"].text() == DECL


def test_rows_started_outside_the_queue_name_their_appraiser(
    qtbot, station, appraiser_session, controller
):
    item = appraisals.register_item(station.store, appraiser_session, gtin=BAG14, brand="AURELIA")
    appraisals.start(
        station.store, appraiser_session, "BW-01", item, Category.BAGS, station.settings.tz()
    )
    bench.open_window(qtbot, controller, appraiser_session)
    view = controller.window.pages["queue"]
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert _cell(view, 0, "appraiser_name") == appraiser_session.display_name


def test_line_progress_and_date_messages_read_in_chinese(qapp):
    row = {"quantity": 24, "appraised": 3, "state": "open", "appraisal_state": "done"}
    i18n.install("zh_CN")
    try:
        assert line_state(row, "进行中") == "已鉴定 3 / 24"
        bad = "The expiry date '30/06/2027' is not a date in the form YYYY-MM-DD."
        assert tr_core(bad) == "有效期 '30/06/2027' 不是 YYYY-MM-DD 格式的日期。"
    finally:
        i18n.install("en")
    assert line_state(row, "In progress") == "3 of 24 appraised"


def test_a_busy_days_summary_never_widens_the_window(qtbot, appraiser_session, controller):
    """Its counts by state ("waiting 12, in progress 3, genuine 40, …") sat on one line
    beside the open button: on a day with many states the Today page alone needed the
    whole 1366-px screen, and a CI run's window came out one pixel too wide."""
    bench.open_window(qtbot, controller, appraiser_session)
    view = controller.window.pages["queue"]
    states = ", ".join(f"state number {k} {k * 7}" for k in range(12))
    view.summary.setText(f"2026-12-07: 480 items — {states}")
    assert view.summary.minimumSizeHint().width() < 400
    assert controller.window.minimumSizeHint().width() <= 1366
