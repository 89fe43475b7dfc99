"""Station settings (admin and supervisor) and, for the admin, the station's accounts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from appraiser.config import Settings
from appraiser.domain.enums import Role
from appraiser.errors import KnownError
from appraiser.services.admin import accounts
from ui.context import AppContext
from ui.dialogs.settings_form import SettingsForm
from ui.models.rows_model import RowsModel
from ui.pages.base import Page
from ui.tasks import run_task
from ui.vocabulary import display
from ui.widgets.backup_box import BackupBox
from ui.widgets.table_fit import fit_columns

USER_COLUMNS = (
    ("username", QT_TRANSLATE_NOOP("settings", "User name")),
    ("display_name", QT_TRANSLATE_NOOP("settings", "Name")),
    ("role", QT_TRANSLATE_NOOP("settings", "Role")),
)


class UsersBox(QGroupBox):
    """Accounts of this station; only an administrator may add one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RowsModel(USER_COLUMNS, "settings", self, formatters={"role": display})
        self.table = QTableView(objectName="usersTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        fit_columns(self.table, ("username", "role"))
        self.username = QLineEdit(objectName="newUsername")
        self.name = QLineEdit(objectName="newName")
        self.password = QLineEdit(objectName="newPassword", echoMode=QLineEdit.EchoMode.Password)
        self.role = QComboBox(objectName="newRole")
        for role in Role:
            self.role.addItem("", role)
        self.add_button = QPushButton(objectName="addUser", clicked=self.add)
        row = QHBoxLayout()
        for widget in (self.username, self.name, self.password, self.role, self.add_button):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.retranslate()

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
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(USER_COLUMNS) - 1)

    def refresh(self) -> None:
        run_task(self, accounts.list_users, self.ctx.station.store, on_success=self.model.set_rows)

    def add(self) -> None:
        session = self.ctx.session
        if session is None:
            return
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
            db_write=True,
        )

    def _added(self, _user_id: int) -> None:
        for field in (self.username, self.name, self.password):
            field.clear()
        self.refresh()


class SettingsPage(Page):
    key = "settings"
    title_source = QT_TRANSLATE_NOOP("nav", "Settings")
    shortcut = "F9"
    roles = (Role.SUPERVISOR, Role.ADMIN)
    saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.form = SettingsForm()
        self.status = QLabel(objectName="settingsStatus")
        self.status_text: Callable[[], str] = str  # worded when shown (language switches)
        self.save_button = QPushButton(objectName="saveSettings", clicked=self.save)
        self.users = UsersBox(ctx)
        self.backup = BackupBox(ctx)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()  # backup beside the form: the accounts list below gets the height
        top.addWidget(self.form, 2)
        top.addWidget(self.backup, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        buttons = QFormLayout()
        buttons.addRow(self.save_button, self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.users, 1)
        layout.addStretch(0)
        self.form.load(ctx.settings)
        self.retranslate()

    def retranslate(self) -> None:
        self.save_button.setText(self.tr("Save settings"))
        self.status.setText(self.status_text())

    def activated(self) -> None:
        self.form.load(self.ctx.settings)
        admin = self.ctx.session is not None and self.ctx.session.role == Role.ADMIN
        self.users.setVisible(admin)
        self.backup.setVisible(admin)
        if admin:
            self.users.refresh()

    def save(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        try:
            settings = self.form.value(self.ctx.settings)
        except KnownError as exc:  # a bad value: say so next to the button
            message = exc.message
            self._say(lambda: message)
            return
        run_task(
            self,
            self.ctx.station.save_settings,
            settings,
            session,
            on_success=lambda _r: self._saved(settings),
            db_write=True,
        )

    def _saved(self, settings: Settings) -> None:
        self._say(lambda: self.tr("Saved."))
        self.ctx.settings_changed.emit(settings)

    def _say(self, text: Callable[[], str]) -> None:
        self.status_text = text
        self.status.setText(text())
