"""Known errors get a friendly dialog with the hint; bugs get the crash dialog + log path."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from appraiser.errors import DiskFullError
from ui.errors import show_error


def _dialog(parent: QWidget, name: str) -> QMessageBox:
    found = parent.findChild(QMessageBox, name)
    assert found is not None
    return found


def test_known_error_shows_message_and_hint(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    show_error(parent, DiskFullError("Not enough disk space to store the photo."))
    box = _dialog(parent, "knownErrorDialog")
    assert box.windowTitle() == "Disk full"
    assert box.text() == "Not enough disk space to store the photo."
    assert "Free space" in box.informativeText()


def test_a_bug_shows_the_crash_dialog_with_the_log_path(qtbot, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    log = tmp_path / "logs" / "appraiser.log"
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as exc:
        show_error(parent, exc, Path(log))
    box = _dialog(parent, "crashDialog")
    assert str(log) in box.informativeText()
    assert "ZeroDivisionError" in box.detailedText()
