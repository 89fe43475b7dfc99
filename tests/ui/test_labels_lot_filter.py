"""The Labels page does not drown in a lot's unit labels (issue 16 L4c): it lists the labels of
single appraisals; a 'Lot units' filter, chosen with real clicks in the real window, lists a
lot's unit labels with their lot and unit, and switching back shows the appraisal labels."""

from __future__ import annotations

from PySide6.QtCore import Qt

from appraiser.bench.lots import accepted_lot
from appraiser.services.lots import unit_labels
from tests.ui import bench_flow_support as flow
from tests.ui.busy_station import go_to
from tests.ui.test_label_roles import _printed


def _choose(qtbot, combo, index: int) -> None:
    """Click the filter (it takes the focus and opens), close the list with Escape, then
    step to the entry with the arrow keys, as a person at the keyboard does."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(combo.view().isVisible)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not combo.view().isVisible())
    while combo.currentIndex() != index:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down if before < index else Qt.Key.Key_Up)
        assert combo.currentIndex() != before


def test_lot_unit_labels_sit_behind_the_lot_units_filter(
    qtbot, station, appraiser_session, supervisor, password, controller
):
    single = _printed(station, appraiser_session, password)
    lot = accepted_lot(station, supervisor, 40)
    unit_labels.issue_units(station, supervisor, lot)  # newer than the single label
    flow.sign_in(qtbot, controller, supervisor)
    page = go_to(qtbot, controller.window, "labels")
    serials = lambda: [page.model.row(r)["serial"] for r in range(page.model.rowCount())]  # noqa: E731
    qtbot.waitUntil(lambda: serials() == [single], timeout=10000)
    combo = page.findChild(type(page.awaiting), "labelsFilter")
    assert combo.isVisible() and combo.itemText(1) == "Lot units"
    _choose(qtbot, combo, 1)
    qtbot.waitUntil(lambda: page.model.rowCount() == 40, timeout=10000)
    rows = [page.model.row(r) for r in range(40)]
    assert {r["lot"] for r in rows} == {lot} and sorted(r["unit"] for r in rows) == list(
        range(1, 41)
    )
    assert single not in serials()
    assert {r["brand"] for r in rows} == {"Château Exemple"}
    _choose(qtbot, combo, 0)
    qtbot.waitUntil(lambda: serials() == [single], timeout=10000)
