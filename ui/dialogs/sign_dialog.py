"""Signing a verdict: who signs, when, and what the signature means — then the password.

The dialog runs the signing call itself (off the UI thread) so a wrong password keeps it
open with the reason (the lockout message included), and only a signature that was
really stored closes it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from appraiser import clock
from appraiser.clock import format_local
from appraiser.config import Settings
from appraiser.errors import KnownError
from appraiser.services.admin.accounts import Session
from ui.tasks import run_task
from ui.vocabulary import display
from ui.widgets.appraisal_text import explain

MEANINGS = {
    "genuine": QT_TRANSLATE_NOOP("sign", "I have inspected this item and judge it genuine."),
    "counterfeit": QT_TRANSLATE_NOOP(
        "sign", "I have inspected this item and judge it not acceptable as genuine."
    ),
    "inconclusive": QT_TRANSLATE_NOOP(
        "sign", "I cannot decide this item; it goes to a second appraiser."
    ),
}


def meaning(verdict: str) -> str:
    return QCoreApplication.translate("sign", MEANINGS[verdict])


class SignDialog(QDialog):
    """``action(password)`` does the signing on a worker; ``signed`` carries its result.

    The time shown is the station's (``tz``, from Settings), like the report and label.
    """

    signed = Signal(object)

    def __init__(
        self,
        session: Session,
        verdict: str,
        action: Callable[[str], Any],
        *,
        details: str = "",
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
        wording: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent, objectName="signDialog")
        self.action = action
        # ``wording`` lets another signed record (a lot decision) reuse the dialog: its
        # "title", "subject" (the row naming what is signed), "meaning" and "intro".
        words = wording or {}
        self.setWindowTitle(words.get("title") or self.tr("Sign the verdict"))
        self.setMinimumWidth(560)
        self.verdict = QLabel(f"<b>{display(verdict)}</b>", objectName="signVerdict")
        said = words.get("meaning") or meaning(verdict)
        self.meaning = QLabel(said, objectName="signMeaning", wordWrap=True)
        self.who = QLabel(f"{session.display_name} ({session.username})", objectName="signWho")
        now = format_local(clock.utcnow(), tz or Settings().tz())  # the station's clock
        self.when = QLabel(now, objectName="signWhen")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="signError", wordWrap=True)
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(words.get("subject") or self.tr("Verdict"), self.verdict)
        if details:
            form.addRow(self.tr("Details"), QLabel(details, wordWrap=True))
        form.addRow(self.tr("Meaning"), self.meaning)
        form.addRow(self.tr("Signed by"), self.who)
        form.addRow(self.tr("Time"), self.when)
        form.addRow(self.tr("Password"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons = buttons
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = words.get("intro") or self.tr("Your signature is recorded with this verdict.")
        layout.addWidget(QLabel(intro))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        if not self.password.text():
            self.error.setText(self.tr("Enter your password to sign."))
            return
        self.buttons.setEnabled(False)
        self.error.setText(self.tr("Signing…"))
        run_task(
            self,
            self.action,
            self.password.text(),
            on_success=self._done,
            on_failure=self._failed,
            db_write=True,
        )

    def _done(self, result: Any) -> None:
        self.password.clear()
        self.signed.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if not isinstance(exc, KnownError):
            raise exc
        self.error.setText(explain(exc))
