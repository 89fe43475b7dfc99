"""Station settings and, for the admin, the station's accounts.

The rule book (DESIGN §3.4) makes settings an administrator's: supervisors see them (and a
difference between config.toml and the audited record, issue 14 H4) but cannot change them.
"""

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
from ui.widgets.settings_check import SettingsCheck


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
        self.check = SettingsCheck(ctx)
        self.check.changed.connect(self._difference_shown)
        self.check.resolved.connect(self._resolved)
        self.users = UsersBox(ctx)
        self.backup = BackupBox(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.check)
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

    def _admin(self) -> bool:
        return self.ctx.session is not None and self.ctx.session.role == Role.ADMIN

    def activated(self) -> None:
        self.form.load(self.ctx.settings)
        admin = self._admin()
        self.form.setEnabled(admin)  # the rule book: settings are an administrator's
        self.save_button.setVisible(admin)
        if not admin:
            self._say(lambda: self.tr("Only an administrator can change settings."))
        self.check.refresh()
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

    def _difference_shown(self, shown: bool) -> None:
        """Saving waits while config.toml differs from the record: a save would adopt the
        outside change without anyone seeing it."""
        self.save_button.setEnabled(not shown)

    def _resolved(self) -> None:
        self.form.load(self.ctx.settings)
        self._say(lambda: self.tr("The label settings agree with their record again."))
        self.ctx.settings_changed.emit(self.ctx.settings)

    def _saved(self, settings: Settings) -> None:
        self._say(lambda: self.tr("Saved."))
        self.ctx.settings_changed.emit(settings)

    def _say(self, text: Callable[[], str]) -> None:
        self.status_text = text
        self.status.setText(text())
