"""Acknowledging a plausibility flag: the supervisor has looked and says why it may pass.

A flag (a batch seen with more units than its size, a producer declaring more than it can
make in a year) keeps the lot from release until a supervisor acknowledges it with a note.
The note is required; a refusal (not a supervisor) is shown in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from appraiser.errors import KnownError
from ui.tasks import run_task
from ui.widgets.appraisal_text import explain


def flag_text(flag: dict[str, Any]) -> str:
    return str(flag.get("message") or flag.get("text") or flag.get("kind") or flag.get("id"))


class AcknowledgeDialog(QDialog):
    """``action(flag_id, note)`` acknowledges on a worker; ``done_with`` carries its result."""

    done_with = Signal(object)

    def __init__(
        self,
        flags: list[dict[str, Any]],
        action: Callable[[Any, str], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, objectName="lotFlagDialog")
        self.action = action
        self.setWindowTitle(self.tr("Acknowledge a flag"))
        self.setMinimumWidth(560)
        self.flag = QComboBox(objectName="flagChoice")
        for flag in flags:
            self.flag.addItem(flag_text(flag), flag.get("uid") or flag.get("id"))
        self.note = QPlainTextEdit(objectName="flagNote")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        self.error = QLabel(objectName="flagError", wordWrap=True)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Acknowledge"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Flag"), wordWrap=True))
        layout.addWidget(self.flag)
        layout.addWidget(QLabel(self.tr("Why may the lot pass? (kept in the record)")))
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.note.setFocus()

    def submit(self) -> None:
        note = self.note.toPlainText().strip()
        if not note:
            self.error.setText(self.tr("Write a note: what you checked and why it may pass."))
            return
        self.buttons.setEnabled(False)
        run_task(
            self, self.action, self.flag.currentData(), note,
            on_success=self._done, on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def _done(self, result: Any) -> None:
        self.done_with.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, KnownError):
            raise exc
        self.error.setText(explain(exc))
