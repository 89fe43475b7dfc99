"""Leaving a case without finishing it: hand it to a colleague or abandon it, each with a
reason that goes into the record (the core refuses either without one)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QPushButton, QSizePolicy, QWidget


class CaseActions(QWidget):
    handover_requested = Signal(str, str)  # user name, reason
    abandon_requested = Signal(str)  # reason

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="caseActions")
        self.handover = QPushButton(objectName="handOver")
        self.handover.clicked.connect(self.ask_handover)
        self.abandon = QPushButton(objectName="abandonCase")
        self.abandon.clicked.connect(self.ask_abandon)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.handover)
        row.addWidget(self.abandon)
        self.retranslate()

    def retranslate(self) -> None:
        self.handover.setText(self.tr("Hand over…"))
        self.abandon.setText(self.tr("Abandon…"))

    def ask_handover(self) -> None:
        who, ok = QInputDialog.getText(self, self.tr("Hand over"), self.tr("To (user name):"))
        if not ok or not who.strip():
            return
        why, ok = QInputDialog.getText(self, self.tr("Hand over"), self.tr("Why?"))
        if ok:
            self.handover_requested.emit(who.strip(), why)

    def ask_abandon(self) -> None:
        why, ok = QInputDialog.getText(
            self, self.tr("Abandon appraisal"), self.tr("Why? (kept in the record)")
        )
        if ok:
            self.abandon_requested.emit(why)
