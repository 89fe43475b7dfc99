"""The administrator's accounts box on the settings page: the station's accounts with their
state, adding one, and acting on the selected one (change role, unlock, deactivate or
reactivate, reset the password), plus confirming the station clock when it reads behind
its records (issue 14 finding 13).

The rules live in ``appraiser.services.admin.account_admin`` and ``clock_guard``; this box
only asks (confirming what takes something away) and runs the action off the UI thread.
A refusal (the last administrator, one's own account) is shown in the box.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from appraiser.clock import format_local
from appraiser.domain.enums import Role
from appraiser.errors import KnownError
from appraiser.services.admin import account_admin, accounts, clock_guard
from appraiser.services.admin.clock_guard import ClockState
from ui.context import AppContext
from ui.dialogs.account_dialogs import ConfirmDialog, ResetPasswordDialog, RoleDialog
from ui.models.rows_model import RowsModel
from ui.tasks import run_task
from ui.vocabulary import display
from ui.widgets.table_fit import fit_columns

USER_COLUMNS = (
    ("username", QT_TRANSLATE_NOOP("settings", "User name")),
    ("display_name", QT_TRANSLATE_NOOP("settings", "Name")),
    ("role", QT_TRANSLATE_NOOP("settings", "Role")),
    ("state", QT_TRANSLATE_NOOP("settings", "State")),
)
_STATES = {
    "active": QT_TRANSLATE_NOOP("UsersBox", "Active"),
    "locked": QT_TRANSLATE_NOOP("UsersBox", "Locked"),
    "deactivated": QT_TRANSLATE_NOOP("UsersBox", "Deactivated"),
    "password_reset": QT_TRANSLATE_NOOP("UsersBox", "Must change password"),
}


def state_text(code: str) -> str:
    return QCoreApplication.translate("UsersBox", _STATES.get(code, code))


class UsersBox(QGroupBox):
    """Accounts of this station; only an administrator sees and changes them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.problem: Callable[[], str] = str  # worded when shown (language switches)
        self.clock: ClockState | None = None
        self.dialog: QWidget | None = None  # the open question, kept alive while open
        self._build_table()
        self._build_add_row()
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.actions_row)
        layout.addWidget(self.status)
        layout.addLayout(self.add_row)
        layout.addLayout(self.clock_row)
        self.retranslate()
        self._selection_changed()

    def _build_table(self) -> None:
        formatters = {"role": display, "state": state_text}
        self.model = RowsModel(USER_COLUMNS, "settings", self, formatters=formatters)
        self.table = QTableView(objectName="usersTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        fit_columns(self.table, ("username", "role", "state"))

    def _build_add_row(self) -> None:
        self.username = QLineEdit(objectName="newUsername")
        self.name = QLineEdit(objectName="newName")
        self.password = QLineEdit(objectName="newPassword", echoMode=QLineEdit.EchoMode.Password)
        self.role = QComboBox(objectName="newRole")
        for role in Role:
            self.role.addItem("", role)
        self.add_button = QPushButton(objectName="addUser", clicked=self.add)
        self.add_row = QHBoxLayout()
        for widget in (self.username, self.name, self.password, self.role, self.add_button):
            self.add_row.addWidget(widget)

    def _build_actions(self) -> None:
        self.role_button = QPushButton(objectName="changeRole", clicked=self.ask_role)
        self.unlock_button = QPushButton(objectName="unlockUser", clicked=self.unlock)
        self.active_button = QPushButton(objectName="toggleActive", clicked=self.ask_active)
        self.reset_button = QPushButton(objectName="resetPassword", clicked=self.ask_reset)
        self.actions_row = QHBoxLayout()
        for button in (self.role_button, self.unlock_button, self.active_button):
            self.actions_row.addWidget(button)
        self.actions_row.addWidget(self.reset_button)
        self.actions_row.addStretch(1)
        self.status = QLabel(objectName="accountsStatus", wordWrap=True)
        self.clock_text = QLabel(objectName="clockStatus", wordWrap=True)
        self.clock_button = QPushButton(objectName="confirmClock", clicked=self.ask_clock)
        self.clock_row = QHBoxLayout()
        self.clock_row.addWidget(self.clock_text, 1)
        self.clock_row.addWidget(self.clock_button)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Accounts"))
        self.username.setPlaceholderText(self.tr("user name"))
        self.name.setPlaceholderText(self.tr("full name"))
        self.password.setPlaceholderText(self.tr("password"))
        for index in range(self.role.count()):
            self.role.setItemText(index, display(self.role.itemData(index)))
        self.add_button.setText(self.tr("Add account"))
        self.role_button.setText(self.tr("Change role…"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.reset_button.setText(self.tr("Reset password…"))
        self.clock_button.setText(self.tr("Confirm clock…"))
        self._selection_changed()
        self._show_clock(self.clock)
        self.status.setText(self.problem())
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(USER_COLUMNS) - 1)

    # -- the list and the selection

    def refresh(self) -> None:
        store = self.ctx.station.store
        run_task(self, account_admin.list_accounts, store, self.ctx.session, on_success=self._rows)
        run_task(self, clock_guard.state, store, on_success=self._show_clock)

    def _rows(self, rows: list[dict[str, Any]]) -> None:
        chosen = self.selected()
        self.model.set_rows(rows)
        for number, row in enumerate(rows):
            if chosen is not None and row["username"] == chosen["username"]:
                self.table.selectRow(number)
        self._selection_changed()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _selection_changed(self, *_args: object) -> None:
        row = self.selected()
        mine = (
            row is not None
            and self.ctx.session is not None
            and (row["id"] == self.ctx.session.user_id)
        )
        for button in (self.role_button, self.reset_button, self.active_button):
            button.setEnabled(row is not None and not mine)
        self.unlock_button.setEnabled(row is not None and (row["locked"] or row["failures"] > 0))
        active = row is None or bool(row["active"])
        self.active_button.setText(self.tr("Deactivate…") if active else self.tr("Reactivate"))

    # -- actions

    def _run(self, fn: Callable[..., Any], *args: Any) -> None:
        """One account action off the UI thread; the list is read again afterwards."""
        self._say(str)
        run_task(
            self,
            fn,
            self.ctx.station.store,
            self.ctx.session,
            *args,
            on_success=lambda _result: self.refresh(),
            on_failure=self._failed,
            db_write=True,
        )

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            raise exc
        message = exc.message
        self._say(lambda: message)
        self.refresh()

    def _say(self, text: Callable[[], str]) -> None:
        self.problem = text
        self.status.setText(text())

    def _ask(self, dialog: QWidget, then: Callable[[], None]) -> None:
        self.dialog = dialog
        dialog.accepted.connect(then)
        dialog.open()

    def ask_role(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = RoleDialog(row["username"], row["role"], self)
        self._ask(
            dialog, lambda: self._run(account_admin.set_role, row["username"], dialog.chosen())
        )

    def unlock(self) -> None:
        row = self.selected()
        if row is not None:
            self._run(account_admin.unlock, row["username"])

    def ask_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not row["active"]:
            self._run(account_admin.reactivate, row["username"])
            return
        text = self.tr("Deactivate {}? They can no longer sign in; their records stay.")
        dialog = ConfirmDialog(text.format(row["username"]), self.tr("Deactivate"), self)
        self._ask(dialog, lambda: self._run(account_admin.deactivate, row["username"]))

    def ask_reset(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = ResetPasswordDialog(row["username"], self)
        self._ask(
            dialog,
            lambda: self._run(account_admin.reset_password, row["username"], dialog.password()),
        )

    def add(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        self._say(str)
        run_task(
            self,
            accounts.create_user,
            self.ctx.station.store,
            self.username.text().strip(),
            self.name.text(),
            self.role.currentData(),
            self.password.text(),
            by=session,
            on_success=self._added,
            on_failure=self._failed,
            db_write=True,
        )

    def _added(self, _user_id: int) -> None:
        for field in (self.username, self.name, self.password):
            field.clear()
        self.refresh()

    # -- the station clock

    def _show_clock(self, state: ClockState | None) -> None:
        self.clock = state
        behind = state is not None and state.behind
        self.clock_button.setVisible(behind)
        self.clock_text.setVisible(behind)
        if behind:
            self.clock_text.setText(self._clock_message(state))

    def _clock_message(self, state: ClockState) -> str:
        tz = self.ctx.settings.tz()
        return self.tr(
            "The station clock reads {} but the last recorded event is {}: signing and "
            "labels are blocked until an administrator confirms the clock."
        ).format(
            format_local(state.now, tz, seconds=True),
            format_local(state.newest, tz, seconds=True),
        )

    def ask_clock(self) -> None:
        if self.clock is None:
            return
        text = (
            self._clock_message(self.clock)
            + "\n\n"
            + self.tr("Confirm only after checking this computer's date and time.")
        )
        dialog = ConfirmDialog(text, self.tr("Confirm clock"), self)
        self._ask(dialog, lambda: self._run(clock_guard.confirm))
