"""The Settings page's warning when config.toml was changed outside the app (issue 14 H4).

The station code, label domain, time zone, warehouse and institute reach labels and
records; the station refuses labels while config.toml disagrees with their audited record
(``appraiser.services.admin.settings``). This box shows each difference, and to an
administrator the two ways out: Confirm (the file's values become the recorded ones) or Put
back (the recorded values go back into config.toml). Supervisors see the difference only.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from appraiser.domain.enums import Role
from appraiser.services.admin import settings as recorded
from appraiser.services.admin.settings import Difference
from ui import errors
from ui.context import AppContext
from ui.tasks import run_task

_NAMES = {
    "station_code": QT_TRANSLATE_NOOP("SettingsCheck", "Station code"),
    "resolver_domain": QT_TRANSLATE_NOOP("SettingsCheck", "Label domain"),
    "timezone": QT_TRANSLATE_NOOP("SettingsCheck", "Time zone"),
    "warehouse": QT_TRANSLATE_NOOP("SettingsCheck", "Warehouse"),
    "institute": QT_TRANSLATE_NOOP("SettingsCheck", "Appraisal institute"),
}


def _name(key: str) -> str:
    return QCoreApplication.translate("SettingsCheck", _NAMES.get(key, key))


class SettingsCheck(QFrame):
    """Hidden while config.toml agrees with the record; ``changed`` says whether it shows."""

    changed = Signal(bool)  # True: a difference is shown (saving waits for it)
    resolved = Signal()  # confirmed or put back: the settings in use are the recorded ones

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="settingsCheck")
        self.ctx = ctx
        self.diffs: list[Difference] = []
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#settingsCheck { border: 2px solid #b3261e; }")
        self.title = QLabel(objectName="settingsCheckTitle")
        self.title.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.text = QLabel(objectName="settingsDifference", wordWrap=True)
        self.confirm_button = QPushButton(objectName="confirmSettings", clicked=self.confirm)
        self.put_back_button = QPushButton(objectName="putBackSettings", clicked=self.put_back)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.put_back_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setVisible(False)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _admin(self) -> bool:
        return self.ctx.session is not None and self.ctx.session.role == Role.ADMIN

    def refresh(self) -> None:
        run_task(self, recorded.differences, self.ctx.station, on_success=self.show_diffs)

    def show_diffs(self, diffs: list[Difference]) -> None:
        self.diffs = list(diffs)
        admin = self._admin()
        self.confirm_button.setVisible(admin)
        self.put_back_button.setVisible(admin and all(d.recorded is not None for d in diffs))
        self.setVisible(bool(diffs))
        self.retranslate()
        self.changed.emit(bool(diffs))

    def retranslate(self) -> None:
        self.title.setText(self.tr("config.toml was changed outside the app"))
        lines = [self._line(d) for d in self.diffs]
        if self._admin():
            lines.append(self.tr("Labels are refused until you confirm the new values or put "
                                 "the recorded ones back."))  # fmt: skip
        else:
            lines.append(self.tr("Labels are refused until an administrator confirms the new "
                                 "values or puts the recorded ones back."))  # fmt: skip
        self.text.setText("\n".join(lines))
        self.confirm_button.setText(self.tr("Confirm the new values"))
        self.put_back_button.setText(self.tr("Put the recorded values back"))

    def _line(self, diff: Difference) -> str:
        if diff.recorded is None:
            return (
                self.tr("%1: %2 (never recorded)")
                .replace("%1", _name(diff.key))
                .replace("%2", diff.in_file)
            )
        return (
            self.tr("%1: %2 in config.toml, recorded: %3")
            .replace("%1", _name(diff.key))
            .replace("%2", diff.in_file)
            .replace("%3", diff.recorded)
        )

    def confirm(self) -> None:
        self._run(recorded.confirm)

    def put_back(self) -> None:
        self._run(recorded.put_back)

    def _run(self, change) -> None:
        self.confirm_button.setEnabled(False)
        self.put_back_button.setEnabled(False)
        run_task(
            self, change, self.ctx.station, self.ctx.session,
            on_success=self._done, on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def _done(self, _diffs: list[Difference]) -> None:
        self._enable()
        self.show_diffs([])
        self.resolved.emit()

    def _failed(self, exc: BaseException) -> None:
        self._enable()
        errors.show_error(self, exc)

    def _enable(self) -> None:
        self.confirm_button.setEnabled(True)
        self.put_back_button.setEnabled(True)
