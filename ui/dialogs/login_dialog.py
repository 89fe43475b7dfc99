"""Sign-in and unlock dialogs. Password checks run off the UI thread
(Argon2id takes tens of milliseconds on purpose)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from appraiser.errors import KnownError
from appraiser.services.admin import accounts
from appraiser.services.admin.accounts import Session
from appraiser.storage.db import Store
from ui.dialogs.account_dialogs import NewPasswordDialog
from ui.tasks import run_task
from ui.widgets import keys


class _CredentialsDialog(QDialog):
    """Shared layout; each subclass defines ``submit`` (what OK means for it)."""

    signed_in = Signal(object)  # Session

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setModal(True)
        self.setMinimumWidth(420)
        self.heading = QLabel()
        self.heading.setObjectName("dialogHeading")
        self.heading.setWordWrap(True)
        self.form = QFormLayout()
        self.username = QLineEdit(objectName="username")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="errorLabel", wordWrap=True)
        self.error.setStyleSheet("color: #b3261e;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        for part in (self.heading, self.form, self.error, self.buttons):
            (layout.addLayout if isinstance(part, QFormLayout) else layout.addWidget)(part)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        empty = self.username if not self.username.text() else self.password
        empty.setFocus()

    def _busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        if busy:
            self.error.clear()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if not isinstance(exc, KnownError):
            raise exc
        self.error.setText(exc.message)
        self.password.clear()
        self.password.setFocus()

    def _succeeded(self, session: Session) -> None:
        self._busy(False)
        if session.must_change_password:  # an administrator reset it: choose one first
            asked = NewPasswordDialog(self.store, session, self.password.text(), self)
            asked.changed.connect(self._succeeded)
            asked.rejected.connect(self.password.clear)
            self.new_password = asked
            asked.open()
            return
        self.signed_in.emit(session)
        self.accept()


class LoginDialog(_CredentialsDialog):
    def __init__(self, store: Store, station_code: str, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.setWindowTitle(self.tr("Sign in"))
        self.heading.setText(self.tr("Appraisal station {}").format(station_code))
        self.form.addRow(self.tr("User name"), self.username)
        self.form.addRow(self.tr("Password"), self.password)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc does nothing here: rejecting the sign-in quits the station, and a stray Esc
        (at start, or after Sign out) must not close the application for the next person."""
        if keys.is_plain_escape(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        self._busy(True)
        run_task(
            self,
            accounts.check_password,
            self.store,
            self.username.text().strip(),
            self.password.text(),
            allow_reset=True,  # _succeeded asks for the new password at once
            on_success=self._succeeded,
            on_failure=self._failed,
            db_write=True,
        )


class UnlockDialog(LoginDialog):
    """The lock (idle or by hand): only the signed-in user (or a sign-out) ends it."""

    sign_out_requested = Signal()

    def __init__(
        self,
        store: Store,
        station_code: str,
        session: Session,
        parent: QWidget | None = None,
        *,
        idle: bool = False,
    ) -> None:
        super().__init__(store, station_code, parent)
        self.setWindowTitle(self.tr("Station locked"))
        # Only the timer may say "inactivity": a person who pressed Ctrl+L was not idle.
        if idle:
            text = self.tr("Locked after inactivity. {}, enter your password to continue.")
        else:
            text = self.tr("Station locked by {}. Enter your password to continue.")
        self.heading.setText(text.format(session.display_name))
        self.username.setText(session.username)
        self.username.setReadOnly(True)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        sign_out = self.buttons.addButton(
            self.tr("Sign out"), QDialogButtonBox.ButtonRole.ResetRole
        )
        sign_out.clicked.connect(self._sign_out)

    def _sign_out(self) -> None:
        self.sign_out_requested.emit()
        self.reject()

    def reject(self) -> None:  # Esc must not bypass the lock
        if self.sender() is not None:
            super().reject()
