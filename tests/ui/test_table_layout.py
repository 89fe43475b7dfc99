"""Every table of the station, on a busy day, at 1366×768 and 1920×1080, in Chinese and
English: each header is the header of its own column, the columns people act on (ids,
states, verdicts, serials, times) lie fully on screen with their header and cells unelided,
and free text (merchant, brand, notes) takes what is left instead of pushing them away."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QTableView, QTabWidget, QWidget

from tests.ui import busy_station
from ui import i18n

SIZES = ((1366, 768), (1920, 1080))
# The columns a person acts on, by table; every other column is free text and may elide.
KEY_COLUMNS = {
    "queueTable": {"state", "gtin", "quantity", "appraisal_uid", "verdict", "label_serial"},
    "labelsTable": {"grouped", "appraisal_uid", "state", "created"},
    "cloneFlags": {"grouped", "created"},
    "reviewTable": {"uid", "since"},
    "libraryTable": {"region", "gtin", "category", "version_id", "images"},
    "reprintTable": {"created", "appraisal_uid", "old_serial", "new_serial"},
    "flagTable": {"created", "serial", "rule", "appraisal_uid"},
    "signedTable": {"signed_at", "id", "verdict", "label_serial", "label_state"},
    "usersTable": {"username", "role", "state"},
    "scanHistory": {"created", "purpose", "outcome"},
    "lotTable": {"gtin", "quantity", "progress", "state", "flags"},
    "lotUnits": {"unit_no", "position", "appraisal_uid", "verdict"},
    "scoreTable": {
        "gtin",
        "lots",
        "accepted",
        "under_review",
        "overridden_accept",
        "overridden_reject",
        "counterfeit",
        "state",
    },
}
CELL_MARGIN = 6  # the item delegate's text margins, both sides
HEADER_PADDING = 8  # station.qss: QHeaderView::section { padding: 4px }


def _header_font(view: QTableView) -> QFont:
    font = QFont(view.horizontalHeader().font())
    font.setWeight(QFont.Weight.DemiBold)  # station.qss: header sections are semi-bold
    return font


def _visible_x(view: QAbstractItemView, window) -> tuple[int, int]:
    """The horizontal span of the viewport a person can see inside the window."""
    shown = view.viewport().visibleRegion().boundingRect()
    left = view.viewport().mapTo(window, shown.topLeft()).x()
    right = left + shown.width()
    return max(left, 0), min(right, window.width())


def _check_headers(view: QTableView, where: str) -> None:
    header, model = view.horizontalHeader(), view.model()
    assert header.model() is model, where
    for column in range(model.columnCount()):
        text = model.headerData(column, Qt.Orientation.Horizontal)
        assert header.logicalIndex(column) == column, f"{where}: {text} moved"
        assert not header.isSectionHidden(column), f"{where}: {text} hidden"
        assert header.sectionViewportPosition(column) == view.columnViewportPosition(column)
        assert header.sectionSize(column) == view.columnWidth(column)
    left = header.mapTo(view, QPoint(0, 0)).x()
    assert left == view.viewport().mapTo(view, QPoint(0, 0)).x(), f"{where}: header shifted"


def _check_key_columns(view: QTableView, window, where: str) -> None:
    model = view.model()
    keys = KEY_COLUMNS[view.objectName()]
    named = {model.column_key(c) for c in range(model.columnCount())}
    assert keys <= named, f"{where}: no column {keys - named}"
    seen_left, seen_right = _visible_x(view, window)
    bold = QFontMetrics(_header_font(view))
    cells = view.fontMetrics()
    for column in range(model.columnCount()):
        if model.column_key(column) not in keys:
            continue
        text = model.headerData(column, Qt.Orientation.Horizontal)
        x, width = view.columnViewportPosition(column), view.columnWidth(column)
        left = view.viewport().mapTo(window, QPoint(x, 0)).x()
        assert left >= seen_left and left + width <= seen_right, (
            f"{where}: column {text!r} at {left}..{left + width}, visible {seen_left}..{seen_right}"
        )
        longest = max(bold.horizontalAdvance(line) for line in text.split("\n"))  # may wrap
        if "\n" in text:  # Qt elides a two-line header as one line, whatever its width
            elide = view.horizontalHeader().textElideMode()
            assert elide == Qt.TextElideMode.ElideNone, f"{where}: {text!r} drawn elided"
        assert width >= longest + HEADER_PADDING, f"{where}: {text!r} elided"
        for row in range(min(model.rowCount(), 30)):
            cell = str(model.index(row, column).data() or "")
            need = cells.horizontalAdvance(cell) + CELL_MARGIN
            assert width >= need, f"{where}: {text!r} cell {cell!r} elided ({width} < {need})"


def _check_free_columns(view: QTableView, where: str) -> None:
    assert view.textElideMode() != Qt.TextElideMode.ElideNone, where
    assert not view.horizontalScrollBar().isVisible(), f"{where}: scrolls sideways"


def _check_list(view: QListWidget, window, where: str) -> None:
    if view.viewMode() != QListWidget.ViewMode.ListMode or not view.count():
        return
    assert not view.horizontalScrollBar().isVisible(), f"{where}: list scrolls sideways"
    seen_left, seen_right = _visible_x(view, window)
    assert seen_right - seen_left >= view.viewport().width() - 1, f"{where}: list cut off"


def _tables_of(page) -> list[QAbstractItemView]:
    return [v for v in page.findChildren(QAbstractItemView) if v.isVisible()]


def _check_page(qtbot, window, page, where: str) -> int:
    checked = 0
    tabs = [t for t in page.findChildren(QTabWidget) if t.isVisible()]
    for tab_widget in tabs or [None]:
        for tab in range(tab_widget.count() if tab_widget else 1):
            if tab_widget is not None:
                _click_tab(qtbot, tab_widget, tab)
            checked += _check_views(window, page, where)
    return checked


def _click_tab(qtbot, tabs: QTabWidget, tab: int) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
    qtbot.waitUntil(lambda: tabs.currentIndex() == tab)


def _check_views(window, page, where: str) -> int:
    checked = 0
    for view in _tables_of(page):
        name = f"{where}/{view.objectName()}"
        if isinstance(view, QTableView):
            assert view.objectName() in KEY_COLUMNS, f"{name}: which columns are key?"
            _check_headers(view, name)
            _check_key_columns(view, window, name)
            _check_free_columns(view, name)
            checked += 1
        elif isinstance(view, QListWidget):
            _check_list(view, window, name)
    return checked


def _demands(window) -> dict[str, tuple[int, int]]:
    """What each page, its widest part and the status bar ask of the window (for the
    failure message)."""
    parts = {key: page.minimumSizeHint() for key, page in window.pages.items()}
    for key, page in window.pages.items():
        children = [w for w in page.findChildren(QWidget) if w.isVisibleTo(page)]
        widest = max(children, key=lambda w: w.minimumSizeHint().width(), default=None)
        if widest is not None:
            name = f"{key}/{type(widest).__name__}#{widest.objectName()}"
            parts[name] = widest.minimumSizeHint()
    parts["status bar"] = window.statusBar().minimumSizeHint()
    return {key: (size.width(), size.height()) for key, size in parts.items()}


def _walk(qtbot, controller, station, size, language) -> set[str]:
    window = controller.window
    seen = set()
    for key in busy_station.page_keys(window):
        page = busy_station.go_to(qtbot, window, key)
        busy_station.fill_page(qtbot, window, key, station)
        where = f"{language} {size[0]}x{size[1]} {key}"
        if _check_page(qtbot, window, page, where):
            seen.add(key)
    return seen


@pytest.mark.usefixtures("styled")
def test_every_table_shows_its_key_columns_at_both_sizes_in_both_languages(
    qtbot, station, busy_controller
):
    seen: set[str] = set()
    controller = busy_controller
    window = controller.window
    for username in ("supervisor", "admin"):
        busy_station.sign_in(qtbot, controller, username, SIZES[0])
        for language in ("zh_CN", "en"):
            i18n.install(language)
            QCoreApplication.processEvents()
            for size in SIZES:
                busy_station.resize(qtbot, window, size)
                assert window.width() <= size[0] and window.height() <= size[1], (
                    f"{language}: the window needs {window.width()}x{window.height()}, "
                    f"more than the {size[0]}x{size[1]} screen: {_demands(window)}"
                )
                seen |= _walk(qtbot, controller, station, size, language)
                _check_list(window.nav, window, f"{language} {size[0]}x{size[1]} navigation")
    assert {"queue", "labels", "review", "library", "supervisor", "verify", "settings"} <= seen
