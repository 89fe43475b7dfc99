"""Small dialogs an administrator answers before an account action (issue 14 finding 13).

They only ask; the settings page runs the action off the UI thread once one is accepted.
Each is opened with ``open()`` (window-modal, never a nested event loop), so the bench and
the tests keep their own loop.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
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

from appraiser.domain.enums import Role
from appraiser.errors import KnownError
from appraiser.services.admin import accounts
from appraiser.services.admin.accounts import MIN_PASSWORD, Session
from appraiser.storage.db import Store
from ui.tasks import run_task
from ui.vocabulary import display


class _Asking(QDialog):
    """A heading, a form, a place for a problem, and OK/Cancel."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setMinimumWidth(380)
        self.heading = QLabel(objectName="dialogHeading", wordWrap=True)
        self.form = QFormLayout()
        self.problem = QLabel(objectName="errorLabel", wordWrap=True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _check(self) -> None:
        self.accept()


class ConfirmDialog(_Asking):
    """A yes/no question for an action that takes something away (deactivate, confirm
    the clock); the OK button says what happens."""

    def __init__(self, text: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmAccountAction")
        self.setWindowTitle(action)
        self.heading.setText(text)
        self.ok_button.setText(action)
        self.problem.hide()


class RoleDialog(_Asking):
    """The new role of one account."""

    def __init__(self, username: str, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roleDialog")
        self.setWindowTitle(self.tr("Change role"))
        self.heading.setText(self.tr("New role for {}:").format(username))
        self.role = QComboBox(objectName="roleChoice")
        for role in Role:
            self.role.addItem(display(role), str(role))
        self.role.setCurrentIndex(max(0, self.role.findData(current)))
        self.form.addRow(self.tr("Role"), self.role)
        self.problem.hide()

    def chosen(self) -> str:
        return self.role.currentData()


class ResetPasswordDialog(_Asking):
    """A temporary password, typed twice; its owner replaces it at the next sign-in."""

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(self.tr("Reset password"))
        self.heading.setText(
            self.tr(
                "Temporary password for {}. They must choose their own at the next sign-in."
            ).format(username)
        )
        echo = QLineEdit.EchoMode.Password
        self.first = QLineEdit(objectName="newPassword", echoMode=echo)
        self.second = QLineEdit(objectName="newPasswordAgain", echoMode=echo)
        self.form.addRow(self.tr("New password"), self.first)
        self.form.addRow(self.tr("Again"), self.second)

    def _check(self) -> None:
        if len(self.first.text()) < MIN_PASSWORD:
            self.problem.setText(
                self.tr("A password needs at least {} characters.").format(MIN_PASSWORD)
            )
        elif self.first.text() != self.second.text():
            self.problem.setText(self.tr("The two passwords differ."))
        else:
            self.accept()
            return
        self.second.clear()
        self.second.setFocus()

    def password(self) -> str:
        return self.first.text()


class NewPasswordDialog(ResetPasswordDialog):
    """After an administrator's reset: the owner chooses their own password before the
    station opens for them (the temporary one is the current password)."""

    changed = Signal(object)  # the Session, no longer waiting for a new password

    def __init__(self, store: Store, session: Session, current: str, parent=None) -> None:
        super().__init__(session.username, parent)
        self.setObjectName("newPasswordDialog")
        self.setWindowTitle(self.tr("Choose your password"))
        self.heading.setText(
            self.tr("An administrator reset your password. Choose your own to continue.")
        )
        self.store, self.session, self.current = store, session, current

    def accept(self) -> None:
        self.ok_button.setEnabled(False)
        run_task(
            self,
            accounts.change_password,
            self.store,
            self.session,
            self.current,
            self.password(),
            on_success=self._changed,
            on_failure=self._failed,
            db_write=True,
        )

    def _changed(self, _result: object) -> None:
        self.changed.emit(replace(self.session, must_change_password=False))
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if not isinstance(exc, KnownError):
            raise exc
        self.problem.setText(exc.message)
