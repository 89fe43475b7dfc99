"""The Lots page's supplier scorecard tells inspection from override (issue 16 finding 2):
its rate column is the inspection's result ("Accepted by inspection"), and lots a supervisor
overrode to accept or to reject have their own columns, in English and Chinese. Driven with
real clicks in the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from appraiser.services.lots import decisions
from tests.ui import bench_flow_support as flow
from tests.ui import busy_station
from tests.ui.test_lots_actions import _accepted_lot
from tests.ui.test_table_layout import _check_key_columns
from ui.widgets.lot_table import SCORE_COLUMNS


def _headers(model) -> list[str]:
    """The headers as read (a long English one is shown on two lines, finding N7)."""
    return [model.headerData(c, Qt.Orientation.Horizontal).replace("\n", " ")
            for c in range(model.columnCount())]  # fmt: skip


def _row(model) -> dict[str, str]:
    keys = [k for k, _ in SCORE_COLUMNS]
    return {k: model.index(0, c).data() for c, k in enumerate(keys)}


def _open_scorecard(qtbot, window):
    page = busy_station.go_to(qtbot, window, "lots")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    tab = page.tabs.tabBar()
    qtbot.mouseClick(tab, Qt.MouseButton.LeftButton, pos=tab.tabRect(1).center())
    card = page.scorecard
    qtbot.waitUntil(lambda: card.isVisible() and card.model.rowCount() == 1)
    return card


def test_an_override_is_not_counted_as_the_inspections_result(
    qtbot, station, appraiser_session, supervisor, password, controller, tmp_path
):
    uid = _accepted_lot(station, appraiser_session, password, tmp_path)
    decisions.override(station, supervisor, password, uid, "reject", "importer recall")
    flow.sign_in(qtbot, controller, supervisor)
    card = _open_scorecard(qtbot, controller.window)
    headers = _headers(card.model)
    assert "Accepted by inspection" in headers and "Accepted" not in headers
    assert {"Overridden → accept", "Overridden → reject"} <= set(headers)
    row = _row(card.model)
    assert (row["accepted"], row["overridden_accept"], row["overridden_reject"]) == (
        "100 %", "0", "1",
    )  # fmt: skip

    window = controller.window
    flow.choose_menu(qtbot, window, window.menu_language, window.act_zh)
    flow.back_to(qtbot, window)
    qtbot.waitUntil(lambda: "检验接收率" in _headers(card.model))
    assert {"改判→接收", "改判→拒收"} <= set(_headers(card.model))
    assert _row(card.model)["overridden_reject"] == "1"
    assert window.width() == 1366  # the new columns fit the bench's screen, unelided
    qtbot.waitUntil(lambda: card.table.columnWidth(5) > 0)
    _check_key_columns(card.table, window, "zh_CN scorecard")
