"""Amending a signed verdict (DESIGN §3.4): the new verdict, its reason codes (counterfeit
needs one), why, and the supervisor's password — with what will follow said plainly first
(the label revoked, the item quarantined), because both reach people outside the station.

The amendment is signed by ``verdicts.amend`` on the database writer; the rule book decides
there, so a refusal (one's own verdict, a case in blind review) comes back into this dialog
with everything typed kept but the password.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from appraiser.domain.enums import ReasonCode, Verdict
from appraiser.errors import KnownError, PermissionDenied
from appraiser.labels import ids
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import verdicts
from appraiser.services.casework.amendments import AmendPreview
from ui import scanner, tasks
from ui.tasks import run_task
from ui.vocabulary import display
from ui.widgets.appraisal_text import explain, tr_core
from ui.widgets.appraisal_verdict import reason_name


class AmendDialog(QDialog):
    """``amended`` carries the ``verdicts.Signed`` of a stored amendment."""

    amended = Signal(object)

    def __init__(
        self,
        station: Station,
        session: Session,
        case: AmendPreview,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, objectName="amendDialog")
        self.station, self.session, self.case = station, session, case
        self.setWindowTitle(self.tr("Amend verdict"))
        self.setMinimumWidth(600)
        self._build()
        self._update()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        current = QLabel(
            self.tr("Appraisal {0}: {1}, signed by {2}.").format(
                self.case.uid, display(self.case.verdict), self.case.signer
            ),
            objectName="amendCurrent",
            wordWrap=True,
        )
        self.reason = QLineEdit(objectName="amendReason")
        self.reason.setPlaceholderText(self.tr("Why is the verdict changed? (for the record)"))
        self.password = QLineEdit(objectName="amendPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        scanner.claim(self.password)  # a password typed fast is never a barcode scan
        self.effects = QLabel(objectName="amendEffects", wordWrap=True)
        self.error = QLabel(objectName="amendError", wordWrap=True)
        self.error.setStyleSheet("color: #b00020;")
        # Room for the longest texts from the start: with no window manager the dialog does
        # not grow, and a form squeezed later moves its fields away from the mouse.
        lines = self.fontMetrics().lineSpacing()
        self.effects.setMinimumHeight(3 * lines)
        self.error.setMinimumHeight(2 * lines)
        form = QFormLayout()
        form.addRow(self.tr("New verdict"), self._verdict_row())
        form.addRow(self._reason_box())
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(
            self.tr("Signed by"), QLabel(f"{self.session.display_name} ({self.session.username})")
        )
        form.addRow(self.tr("Your password"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Sign the amendment"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(current)
        layout.addLayout(form)
        layout.addWidget(self.effects)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _verdict_row(self) -> QWidget:
        names = {"genuine": self.tr("&Genuine"), "counterfeit": self.tr("&Counterfeit"),
                 "inconclusive": self.tr("&Inconclusive")}  # fmt: skip
        row, box = QWidget(), QHBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        row.setLayout(box)
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        for verdict in Verdict:
            button = QRadioButton(names[str(verdict)], objectName=f"amend_{verdict}")
            button.setEnabled(str(verdict) != self.case.verdict)  # an amendment changes it
            self.group.addButton(button)
            self.choices[str(verdict)] = button
            box.addWidget(button)
        box.addStretch(1)
        self.group.buttonToggled.connect(lambda *_: self._update())
        return row

    def _reason_box(self) -> QGroupBox:
        self.reasons_box = QGroupBox(
            self.tr("Reason codes (needed for counterfeit)"), objectName="amendReasonCodes"
        )
        # Never squeezed by a longer message below: the window grows instead.
        self.reasons_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        grid = QGridLayout(self.reasons_box)
        self.reasons: dict[str, QCheckBox] = {}
        for index, code in enumerate(ReasonCode):
            box = QCheckBox(reason_name(str(code)), objectName=f"amendReason_{code}")
            self.reasons[str(code)] = box
            grid.addWidget(box, index // 3, index % 3)
        return self.reasons_box

    # -- state --------------------------------------------------------------------------
    def verdict(self) -> str | None:
        return next((v for v, b in self.choices.items() if b.isChecked()), None)

    def codes(self) -> list[str]:
        return [code for code, box in self.reasons.items() if box.isChecked()]

    def _update(self) -> None:
        verdict = self.verdict()
        self.reasons_box.setEnabled(verdict == "counterfeit")
        self.effects.setText(self._effects(verdict))

    def _effects(self, verdict: str | None) -> str:
        """What the amendment sets off, in the words of the people it reaches."""
        if verdict is None:
            return self.tr("Choose the new verdict.")
        lines = [self.tr("The verdict becomes {0}; the old one stays on record.").format(
            display(verdict))]  # fmt: skip
        if self.case.revokes_label(verdict):
            serial = ids.group(self.case.live_serial or "")
            lines.append(
                self.tr("The label {0} will be revoked: a scan will say NOT VALID.").format(serial)
            )
        elif verdict == "genuine":
            lines.append(self.tr("No label changes; a label can be issued on the Labels page."))
        if self.case.quarantines(verdict):
            lines.append(self.tr("The item goes to quarantine."))
        return "\n".join(lines)

    # -- signing ------------------------------------------------------------------------
    def _missing(self) -> str:
        verdict = self.verdict()
        if verdict is None:
            return self.tr("Choose the new verdict.")
        if verdict == "counterfeit" and not self.codes():
            return self.tr("A counterfeit verdict needs at least one reason code.")
        if not self.reason.text().strip():
            return self.tr("Give a reason for the amendment.")
        if not self.password.text():
            return self.tr("Enter your password to sign.")
        return ""

    def submit(self) -> None:
        missing = self._missing()
        if missing:
            self.error.setText(missing)
            return
        verdict = self.verdict()
        self.buttons.setEnabled(False)
        self.error.setText(self.tr("Signing…"))
        run_task(
            self,
            verdicts.amend,
            self.station.store,
            self.session,
            self.case.uid,
            verdict,
            self.password.text(),
            self.reason.text().strip(),
            reason_codes=self.codes() if verdict == "counterfeit" else [],
            on_success=self._done,
            on_failure=self._refused,
            db_write=True,
        )

    def _done(self, signed: verdicts.Signed) -> None:
        self.password.clear()
        self.amended.emit(signed)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        """The rule book's (or the password's) answer, in place; the choices stay."""
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(exc, PermissionDenied) and exc.hint == PermissionDenied.hint:
            self.error.setText(tr_core(exc.message))  # the message says who must; the
            # generic "ask a supervisor" would send a supervisor to themselves
        elif isinstance(exc, KnownError):
            self.error.setText(explain(exc, "\n", self.station.settings.tz()))
        else:
            self.error.clear()
            tasks.runner().default_failure(self, exc)
