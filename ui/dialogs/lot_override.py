"""A supervisor's override of a lot decision: the other decision, a reason, the password.

The rule book decides whether this person may override this lot (four eyes: never a lot
they signed or appraised units of). A refusal is shown here, in place, and the dialog stays
open with what was typed, so nothing is lost and the person sees why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from appraiser.errors import KnownError
from ui.tasks import run_task
from ui.widgets import lot_text
from ui.widgets.appraisal_text import explain

DECISIONS = ("accept", "reject")


class OverrideDialog(QDialog):
    """``action(decision, reason, password)`` overrides on a worker; ``done_with`` carries
    its result once it was really stored."""

    done_with = Signal(object)

    def __init__(
        self,
        current: str,
        action: Callable[[str, str, str], Any],
        parent: QWidget | None = None,
        review: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent, objectName="lotOverrideDialog")
        self.action = action
        self.review = review
        self.setWindowTitle(self.tr("Override the lot decision"))
        self.setMinimumWidth(560)
        self.decision = QComboBox(objectName="overrideDecision")
        for code in DECISIONS:
            self.decision.addItem(lot_text.word(code), code)
        self.decision.setCurrentIndex(DECISIONS.index(self._offered(current)))
        self.reason = QPlainTextEdit(objectName="overrideReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(90)
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="overrideError", wordWrap=True)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign override"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._layout(current)

    def _offered(self, current: str) -> str:
        """The decision preselected: under review, what the units now read (the same
        decision signed again confirms it); otherwise the other decision."""
        now = (self.review or {}).get("now")
        if now in DECISIONS:
            return now
        if self.review is not None and current in DECISIONS:
            return current  # the units hold or wait: confirming is the likely answer
        other = [c for c in DECISIONS if c != current]
        return other[0] if len(other) == 1 else DECISIONS[0]

    def _layout(self, current: str) -> None:
        form = QFormLayout()
        if self.review is not None:
            self.setWindowTitle(self.tr("Confirm or change the lot decision"))
            why = QLabel(lot_text.review_line(self.review), objectName="overrideReview")
            why.setWordWrap(True)
            form.addRow(why)
        form.addRow(self.tr("Decision in force"), QLabel(lot_text.word(current)))
        form.addRow(self.tr("New decision"), self.decision)
        form.addRow(self.tr("Reason (kept in the record)"), self.reason)
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def submit(self) -> None:
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.error.setText(self.tr("Say why the decision is overridden."))
            self.reason.setFocus()
            return
        if not self.password.text():
            self.error.setText(self.tr("Enter your password to sign."))
            self.password.setFocus()
            return
        self.buttons.setEnabled(False)
        self.error.setText(self.tr("Signing…"))
        decision = self.decision.currentData()
        run_task(
            self, self.action, decision, reason, self.password.text(),
            on_success=self._done, on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def _done(self, result: Any) -> None:
        self.password.clear()
        self.done_with.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        if not isinstance(exc, KnownError):
            raise exc
        self.error.setText(explain(exc))
