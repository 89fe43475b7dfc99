"""The audit trail's state on the supervisor page of the real window (issue 14 finding 8, in
the GUI): nothing on screen ran ``Store.verify_audit``, so a trail whose triggers were
dropped looked like any other. The page checks on opening and on "Check now", off the UI
thread, and names what it found in the station's language."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from tests.ui import bench_flow_support as flow
from ui import i18n
from ui.widgets.audit_status import AuditStatusRow


def _audit_row(qtbot, controller, supervisor) -> AuditStatusRow:
    flow.sign_in(qtbot, controller, supervisor)
    controller.window.show_page("supervisor")
    row = controller.window.pages["supervisor"].audit
    qtbot.waitUntil(lambda: row.status is not None, timeout=20000)
    return row


def _drop_trigger(station, name: str) -> None:
    """An insider with the database file, behind the app's back."""
    conn = sqlite3.connect(station.data.db)
    try:
        conn.execute(f"DROP TRIGGER {name}")
        conn.commit()
    finally:
        conn.close()


def _check_now(qtbot, row: AuditStatusRow) -> None:
    before = row.status
    qtbot.mouseClick(row.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.status is not before and not row.checking, timeout=20000)


def test_intact_trail_then_a_dropped_trigger_named(qtbot, station, supervisor, controller):
    row = _audit_row(qtbot, controller, supervisor)
    assert row.status.ok, row.status.problems
    assert row.text.text().startswith("Audit trail intact: ")
    assert "last checkpoint 20" in row.text.text()  # a date in the station's time
    _drop_trigger(station, "audit_events_no_update")
    _check_now(qtbot, row)
    assert "trigger audit_events_no_update is missing" in row.text.text()
    assert row.text.text().startswith("Audit trail NOT intact: ")
    assert "b00020" in row.text.styleSheet()  # in red


def test_a_dropped_trigger_named_in_chinese(qtbot, station, supervisor, controller):
    row = _audit_row(qtbot, controller, supervisor)
    i18n.install("zh_CN")
    qtbot.waitUntil(lambda: row.check_button.text() == "立即检查")
    assert row.text.text().startswith("审计记录完整：")
    _drop_trigger(station, "audit_events_no_delete")
    _check_now(qtbot, row)
    assert row.text.text() == "审计记录不完整：触发器 audit_events_no_delete 缺失"
