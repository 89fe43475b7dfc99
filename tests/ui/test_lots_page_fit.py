"""The Lots page fits the bench's 1366×768 screen (issue 16 finding N7): with a lot picked,
for a supervisor (every action button shown) and an appraiser, in English and Chinese, the
window is no wider than the screen and the lots' key columns, the action buttons and the
status bar lie on it. Driven in the real window with real clicks, in the station's look."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.ui import bench_flow_support as flow
from tests.ui import busy_station
from tests.ui.test_lots_actions import _accepted_lot, _flagged
from tests.ui.test_table_layout import _check_key_columns, _demands

SCREEN = (1366, 768)


def _inside(widget, window) -> bool:
    left = widget.mapTo(window, QPoint(0, 0)).x()
    return left >= 0 and left + widget.width() <= window.width()


def _check_fits(qtbot, controller, session, language: str) -> None:
    window = controller.window
    flow.sign_in(qtbot, controller, session)
    if language == "zh_CN":
        busy_station.switch_language(qtbot, window, "zh_CN")
    busy_station.resize(qtbot, window, SCREEN)
    page = busy_station.go_to(qtbot, window, "lots")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.detail.units.rowCount() > 0)
    busy_station.settle(qtbot)
    where = f"{language} {session.username}"
    assert window.width() <= SCREEN[0], f"{where}: needs {window.width()} px: {_demands(window)}"
    _check_key_columns(page.table, window, f"{where} lots")
    shown = [b for b in page.detail.buttons.values() if b.isVisible()]
    assert len(shown) == (6 if session.role == "supervisor" else 3), where
    for button in shown:
        assert _inside(button, window), f"{where}: {button.text()!r} off the screen"
        assert button.width() >= button.sizeHint().width(), f"{where}: {button.text()!r} cut"
    assert _inside(window.statusBar(), window), where
    if session.role == "supervisor":  # the scorecard tab, with its under-review column
        tab = page.tabs.tabBar()
        qtbot.mouseClick(tab, Qt.MouseButton.LeftButton, pos=tab.tabRect(1).center())
        card = page.scorecard
        qtbot.waitUntil(lambda: card.isVisible() and card.model.rowCount() == 1)
        busy_station.settle(qtbot)
        assert window.width() <= SCREEN[0], f"{where}: scorecard needs {window.width()} px"
        _check_key_columns(card.table, window, f"{where} scorecard")


@pytest.mark.usefixtures("styled")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("who", ["supervisor", "appraiser"])
def test_issue_16_finding_n7_the_lots_page_fits_1366_by_768(
    qtbot, station, appraiser_session, supervisor, password, controller, tmp_path, language, who
):
    uid = _accepted_lot(station, appraiser_session, password, tmp_path)
    _flagged(station, supervisor, tmp_path, uid)
    session = supervisor if who == "supervisor" else appraiser_session
    _check_fits(qtbot, controller, session, language)
