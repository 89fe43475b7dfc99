"""Set-up wizard, first page: who and where this station is (the settings form's rows)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizardPage

from appraiser.config import Settings
from appraiser.errors import KnownError
from ui.dialogs.settings_form import SettingsForm

# Rows of the shared settings form that later pages ask about in their own way.
_LATER = ("camera", "printer_kind", "printer", "label_stock", "idle_lock_minutes")


class StationPage(QWizardPage):
    """Station code, warehouse, institute, time zone, language and resolver domain."""

    def __init__(self, base: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base = base
        self.setObjectName("stationPage")
        self.setTitle(self.tr("This station"))
        self.setSubTitle(
            self.tr(
                "Name the station and where it works. The station code is printed on every "
                "label and report; the resolver domain is where label QR codes point."
            )
        )
        self.form = SettingsForm()
        for name in _LATER:
            self.form.layout().setRowVisible(getattr(self.form, name), False)
        self.form.load(base)
        self.error = QLabel(objectName="stationError", wordWrap=True)
        self.error.setStyleSheet("color: #b3261e")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def settings(self) -> Settings:
        """The answers of this page over ``base``; raises ``ConfigError`` if one is wrong."""
        value = self.form.value(self.base)
        kept = {name: getattr(self.base, name) for name in _LATER}
        return replace(value, **kept)

    def validatePage(self) -> bool:
        try:
            self.settings()
        except KnownError as exc:
            self.error.setText(exc.message)
            return False
        if "." not in self.form.resolver_domain.text():
            self.error.setText(self.tr("The resolver domain must be a domain name."))
            return False
        self.error.clear()
        return True
