"""Telling a hand-held scanner from a person, with real key events at set speeds.

Scanner bursts: capitals typed with Shift, Enter or Tab as the suffix, GS (FNC1) between
GS1 fields, GS1 Digital Link URLs. People: 15 ms/key bursts of prose in a note field are
typing, never a scan, whatever the speed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTableWidget, QVBoxLayout, QWidget

from appraiser.services.arrivals import scanning
from tests.ui.scanner_support import GS, KeyClock, type_burst, type_ragged
from ui import scanner

LOT_BURST = "0108517510102312" + "17271231" + "10LOT2412"  # GTIN, expiry, lot (last: no GS)
GS_BURST = "0108517510102312" + "10LOT2412" + GS + "21SN0001" + GS + "17271231"
LINK = "https://id.gs1.org/01/08517510102312/10/LOT2412/21/SN0001?17=271231"
PROSE = "Stitching even, Logo OK"
SCANNER_MS, PERSON_MS = 4, 15


@pytest.fixture(autouse=True)
def _no_app_scanner(qapp) -> Iterator[None]:
    """The application-wide filter (if an earlier test made one) must not interfere."""
    app_filter = scanner.install(qapp)
    app_filter.enabled = False
    yield
    app_filter.enabled = True


@pytest.fixture
def clock() -> KeyClock:
    return KeyClock()


def _table() -> QTableWidget:
    """A read-only table, like the queue's: keys do not open an editor."""
    table = QTableWidget(3, 3)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return table


def _watch(qtbot, widget: QWidget, clock: KeyClock) -> tuple[scanner.ScannerFilter, list]:
    """Show ``widget`` focused, with a listening filter on it; returns filter and scans."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    watcher = scanner.ScannerFilter(clock=clock)
    widget.installEventFilter(watcher)
    seen: list[str] = []
    watcher.scanned.connect(seen.append)
    return watcher, seen


def test_capitals_typed_with_shift_stay_in_the_burst_outside_a_text_field(qtbot, clock):
    table = _table()
    _watcher, seen = _watch(qtbot, table, clock)
    type_burst(table, LOT_BURST, clock, SCANNER_MS, Qt.Key.Key_Return)
    assert seen == [LOT_BURST]
    scan = scanning.parse(seen[0])
    assert (scan.batch_lot, scan.expiry) == ("LOT2412", "2027-12-31")


@pytest.mark.parametrize("suffix", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab])
def test_enter_and_tab_suffixes_end_a_scan_and_are_swallowed(qtbot, clock, suffix):
    box = QWidget()
    first, second = QLineEdit("note: "), QLineEdit()
    layout = QVBoxLayout(box)
    layout.addWidget(first)
    layout.addWidget(second)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    box.activateWindow()
    first.setFocus()
    first.end(False)
    qtbot.waitUntil(first.hasFocus)
    watcher = scanner.ScannerFilter(clock=clock)
    first.installEventFilter(watcher)
    seen: list[str] = []
    watcher.scanned.connect(seen.append)
    returns: list[bool] = []
    first.returnPressed.connect(lambda: returns.append(True))
    type_burst(first, LOT_BURST, clock, SCANNER_MS, suffix)
    assert seen == [LOT_BURST]
    assert first.text() == "note: " and first.hasFocus() and returns == []


def test_gs_separators_sent_as_ctrl_bracket_are_kept(qtbot, clock):
    edit = QLineEdit()
    _watcher, seen = _watch(qtbot, edit, clock)
    type_burst(edit, GS_BURST, clock, SCANNER_MS, Qt.Key.Key_Return)
    assert seen == [GS_BURST] and edit.text() == ""
    scan = scanning.parse(seen[0])
    assert (scan.batch_lot, scan.serial, scan.expiry) == ("LOT2412", "SN0001", "2027-12-31")


def test_a_digital_link_url_is_a_scan(qtbot, clock):
    table = _table()
    _watcher, seen = _watch(qtbot, table, clock)
    type_burst(table, LINK, clock, SCANNER_MS, Qt.Key.Key_Return)
    assert seen == [LINK]
    assert scanning.parse(seen[0]).serial == "SN0001"


def test_fast_prose_in_a_note_field_is_typing_not_a_scan(qtbot, clock):
    note = QPlainTextEdit()
    _watcher, seen = _watch(qtbot, note, clock)
    type_burst(note, PROSE, clock, PERSON_MS, Qt.Key.Key_Return)
    type_burst(note, "Zip pull worn", clock, PERSON_MS, Qt.Key.Key_Return)
    assert seen == []
    assert note.toPlainText() == PROSE + "\nZip pull worn\n"


def test_fast_prose_in_a_line_edit_is_typing_and_enter_still_works(qtbot, clock):
    edit = QLineEdit()
    _watcher, seen = _watch(qtbot, edit, clock)
    with qtbot.waitSignal(edit.returnPressed):
        type_burst(edit, "Shanghai Trading Co", clock, PERSON_MS, Qt.Key.Key_Return)
    assert seen == [] and edit.text() == "Shanghai Trading Co"


def test_a_valid_code_is_taken_even_from_a_note_field(qtbot, clock):
    note = QPlainTextEdit()
    _watcher, seen = _watch(qtbot, note, clock)
    note.setPlainText("seen: ")
    note.moveCursor(note.textCursor().MoveOperation.End)
    type_burst(note, LOT_BURST, clock, SCANNER_MS, Qt.Key.Key_Return)
    assert seen == [LOT_BURST] and note.toPlainText() == "seen: "


def test_a_steady_misread_outside_a_text_field_is_reported(qtbot, clock):
    table = _table()
    _watcher, seen = _watch(qtbot, table, clock)
    type_burst(table, "5901234123458", clock, SCANNER_MS, Qt.Key.Key_Return)  # bad check digit
    assert seen == ["5901234123458"]


def test_a_ragged_fast_burst_that_is_no_code_is_not_a_scan(qtbot, clock):
    table = _table()
    _watcher, seen = _watch(qtbot, table, clock)
    type_ragged(table, "pppfffnnpp", clock, [2, 30, 4, 28, 3])
    clock.now += 0.005
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert seen == []


def test_slow_keys_or_a_late_suffix_are_not_a_scan(qtbot, clock):
    edit = QLineEdit()
    _watcher, seen = _watch(qtbot, edit, clock)
    type_burst(edit, "5901234123457", clock, 120, Qt.Key.Key_Return)
    edit.clear()
    type_burst(edit, "5901234123457", clock, SCANNER_MS)
    clock.now += 0.5
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert seen == [] and edit.text() == "5901234123457"


def test_a_field_that_reads_scans_itself_is_left_alone(qtbot, clock):
    edit = QLineEdit()
    scanner.claim(edit)
    _watcher, seen = _watch(qtbot, edit, clock)
    with qtbot.waitSignal(edit.returnPressed):
        type_burst(edit, LINK, clock, SCANNER_MS, Qt.Key.Key_Return)
    assert seen == [] and edit.text() == LINK


def test_a_password_field_is_never_a_scan_target(qtbot, clock):
    password = QLineEdit()
    password.setEchoMode(QLineEdit.EchoMode.Password)
    _watcher, seen = _watch(qtbot, password, clock)
    with qtbot.waitSignal(password.returnPressed):
        type_burst(password, "5901234123457", clock, SCANNER_MS, Qt.Key.Key_Return)
    assert seen == [] and password.text() == "5901234123457"
