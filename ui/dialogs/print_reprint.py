"""Reprint or void a label: a reason and a supervisor's password, checked by the core.

A reprint voids the old serial and issues a new one in one transaction; the supervisor
signs the approval by typing their own password here (purpose "approve" in the audit
trail), so an appraiser cannot reprint alone — and neither can a supervisor: the approver
is never the one asking (four eyes, DESIGN §3.4; the core refuses it, audited, and the
refusal is shown here). The name is never filled in with the signed-in user's own.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from appraiser.errors import KnownError
from appraiser.labels import ids
from appraiser.services.admin import accounts
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.labelling import labels
from ui import scanner, tasks
from ui.tasks import run_task
from ui.widgets.appraisal_text import explain

REASONS = (
    QT_TRANSLATE_NOOP("ReprintDialog", "Label damaged while applying"),
    QT_TRANSLATE_NOOP("ReprintDialog", "Printout unreadable"),
    QT_TRANSLATE_NOOP("ReprintDialog", "Printer jammed; label not printed"),
    QT_TRANSLATE_NOOP("ReprintDialog", "Label lost"),
)


def approve(
    station: Station,
    session: Session,
    serial: str,
    reason: str,
    mode: str,
    supervisor: str,
    password: str,
) -> labels.LabelInfo | None:
    """Worker side: check the approver's password, then reprint or void."""
    approver = accounts.check_password(station.store, supervisor, password, purpose="approve")
    if mode == "reprint":
        return labels.reprint(station, session, serial, reason, approver)
    labels.void(station, session, serial, reason, approver)
    return None


class ReprintDialog(QDialog):
    done_with = Signal(object)  # LabelInfo of the new label (reprint) or None (void)

    def __init__(
        self,
        station: Station,
        session: Session,
        serial: str,
        mode: str = "reprint",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.station, self.session, self.mode = station, session, mode
        self.serial = ids.normalise(serial)
        self.setObjectName("reprintDialog")
        self.setMinimumWidth(480)
        title = self.tr("Reprint label") if mode == "reprint" else self.tr("Void label")
        self.setWindowTitle(title)
        explain = (
            self.tr(
                "The label {0} will be voided and a new label with a new serial "
                "issued for the same item. A supervisor must approve."
            )
            if mode == "reprint"
            else self.tr("The label {0} will be voided for good. A supervisor must approve.")
        )
        self.reason = QComboBox(objectName="reprintReason", editable=True)
        self.reason.addItems([QCoreApplication.translate("ReprintDialog", r) for r in REASONS])
        self.reason.setCurrentText("")
        self.reason.lineEdit().setPlaceholderText(self.tr("Why is this needed?"))
        self.supervisor = QLineEdit(objectName="supervisorName")
        self.supervisor.setPlaceholderText(self.tr("A supervisor other than you"))
        self.password = QLineEdit(objectName="supervisorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # A password typed fast can look like a scan (digits and Enter); it is never one:
        # taken as a scan it would vanish from the field, with Enter and any message.
        scanner.claim(self.password)
        self.error = QLabel(objectName="reprintError", wordWrap=True)
        self.error.setStyleSheet("color: #b02a37;")
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Supervisor"), self.supervisor)
        form.addRow(self.tr("Supervisor password"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(title, objectName="dialogHeading"))
        box.addWidget(QLabel(explain.format(ids.group(self.serial)), wordWrap=True))
        box.addLayout(form)
        box.addWidget(self.error)
        box.addWidget(self.buttons)

    def submit(self) -> None:
        reason = self.reason.currentText().strip()
        if not reason:
            self.error.setText(self.tr("Give a reason."))
            return
        if not self.supervisor.text().strip() or not self.password.text():
            self.error.setText(self.tr("A supervisor must enter their name and password."))
            return
        self.buttons.setEnabled(False)
        self.error.clear()  # the answer to this try replaces the last one
        run_task(
            self,
            approve,
            self.station,
            self.session,
            self.serial,
            reason,
            self.mode,
            self.supervisor.text().strip(),
            self.password.text(),
            on_success=self._approved,
            on_failure=self._refused,
            db_write=True,
        )

    def _approved(self, new_label: labels.LabelInfo | None) -> None:
        self.password.clear()
        self.done_with.emit(new_label)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        """Why it was refused (wrong password, locked out, not a supervisor, …), and the
        dialog ready for the next try with the password field empty and focused."""
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, KnownError):
            self.error.setText(explain(exc, " "))
        else:
            tasks.runner().default_failure(self, exc)
