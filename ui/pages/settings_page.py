"""Station settings (admin and supervisor) and, for the admin, the station's accounts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from appraiser.config import Settings
from appraiser.domain.enums import Role
from appraiser.errors import KnownError
from ui.context import AppContext
from ui.dialogs.settings_form import SettingsForm
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.accounts_box import UsersBox
from ui.widgets.backup_box import BackupBox


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
