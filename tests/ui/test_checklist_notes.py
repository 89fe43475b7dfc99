"""A note typed before the point's result is the appraiser's work: P/F/N must keep it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from appraiser.checklists import load
from ui.widgets.appraisal_checklist import NOTE, ChecklistStep

NOTE_TEXT = "Font spacing matches reference 0108517510102312"


def _step(qtbot) -> ChecklistStep:
    step = ChecklistStep()
    qtbot.addWidget(step)
    step.show_checklist(load("bags"), {}, None)
    step.show()
    qtbot.waitExposed(step)
    step.table.setFocus()
    return step


def _note_editor(qtbot, step: ChecklistStep) -> QLineEdit:
    """The note's line editor that Enter opened inside the table."""
    qtbot.waitUntil(lambda: step.table.findChild(QLineEdit) is not None)
    editor = step.table.findChild(QLineEdit)
    assert editor is not None
    return editor


def test_a_note_typed_before_the_result_survives_the_result_key(qtbot) -> None:
    step = _step(qtbot)
    key = step.point_key(0)
    QTest.keyClick(step.table, Qt.Key.Key_Return)  # Enter edits the note
    editor = _note_editor(qtbot, step)
    qtbot.keyClicks(editor, NOTE_TEXT)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: step.table.item(0, NOTE).text() == NOTE_TEXT)
    step.table.setCurrentCell(0, 0)
    QTest.keyClick(step.table, Qt.Key.Key_P)
    assert step.answers[key] == {"result": "pass", "note": NOTE_TEXT}
    assert step.table.item(0, NOTE).text() == NOTE_TEXT


def test_a_note_or_photo_alone_does_not_answer_a_point(qtbot) -> None:
    step = _step(qtbot)
    total = len(step.checklist.checkpoints)
    step.evidence_stored(step.point_key(0), "ab" * 32)
    QTest.keyClick(step.table, Qt.Key.Key_Return)
    editor = _note_editor(qtbot, step)
    qtbot.keyClicks(editor, "seam looks fine")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: step.table.item(0, NOTE).text() == "seam looks fine")
    step.table.setCurrentCell(1, 0)
    QTest.keyClick(step.table, Qt.Key.Key_P)  # the progress is counted again
    assert step.progress.text() == f"1 of {total} points answered"
    assert not step.next.isEnabled()
