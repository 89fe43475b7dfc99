"""The station settings form, shared by the settings page (and the first-run wizard).

Choices show words and store codes (``simulated``, ``cups-raw``); every label and choice is
worded again on a language switch. The camera choice stays editable, because a station may
name a device number, a file or a stream URL of its own.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from appraiser.config import Settings
from ui import vocabulary

_COMMON_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Europe/Berlin",
    "UTC",
)
STOCKS = ("50x30", "40x30", "60x40", "2.25x1.25in", "62x29")
CAMERAS = ("auto", "simulated", "0", "1")
PRINTER_KINDS = ("system", "cups-raw", "tcp9100")
LANGUAGES = (
    ("", QT_TRANSLATE_NOOP("SettingsForm", "System default")),
    ("zh_CN", "简体中文"),
    ("en", "English"),
)
ROWS = (
    ("station_code", QT_TRANSLATE_NOOP("SettingsForm", "Station code")),
    ("warehouse", QT_TRANSLATE_NOOP("SettingsForm", "Warehouse")),
    ("institute", QT_TRANSLATE_NOOP("SettingsForm", "Appraisal institute")),
    ("timezone", QT_TRANSLATE_NOOP("SettingsForm", "Time zone")),
    ("language", QT_TRANSLATE_NOOP("SettingsForm", "Language")),
    ("resolver_domain", QT_TRANSLATE_NOOP("SettingsForm", "Resolver domain (label QR)")),
    ("camera", QT_TRANSLATE_NOOP("SettingsForm", "Camera")),
    ("printer_kind", QT_TRANSLATE_NOOP("SettingsForm", "Printer kind")),
    ("printer", QT_TRANSLATE_NOOP("SettingsForm", "Printer")),
    ("label_stock", QT_TRANSLATE_NOOP("SettingsForm", "Label stock")),
    ("idle_lock_minutes", QT_TRANSLATE_NOOP("SettingsForm", "Lock after inactivity")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsForm", text)


class SettingsForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station_code = QLineEdit(objectName="station_code")
        self.warehouse = QLineEdit(objectName="warehouse")
        self.institute = QLineEdit(objectName="institute")
        self.timezone = QComboBox(objectName="timezone", editable=True)
        self.timezone.addItems(sorted(set(_COMMON_ZONES)))
        self.language = QComboBox(objectName="language")
        for code, _label in LANGUAGES:
            self.language.addItem("", code)
        self.resolver_domain = QLineEdit(objectName="resolver_domain")
        self.camera = QComboBox(objectName="camera", editable=True)
        for code in CAMERAS:
            self.camera.addItem("", code)
        self.printer = QLineEdit(objectName="printer")
        self.printer_kind = QComboBox(objectName="printer_kind")
        for code in PRINTER_KINDS:
            self.printer_kind.addItem("", code)
        self.label_stock = QComboBox(objectName="label_stock")
        self.label_stock.addItems(STOCKS)
        self.idle_lock_minutes = QSpinBox(objectName="idle_lock_minutes", minimum=1, maximum=240)
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for name, _text in ROWS:
            self.labels[name] = QLabel(objectName=f"label_{name}")
            form.addRow(self.labels[name], getattr(self, name))
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        for name, text in ROWS:
            self.labels[name].setText(_tr(text))
        for index, (_code, text) in enumerate(LANGUAGES):
            self.language.setItemText(index, _tr(text) if index == 0 else text)
        camera = self._camera_code()
        for index, code in enumerate(CAMERAS):
            self.camera.setItemText(index, vocabulary.camera_setting(code))
        self._set_camera(camera)
        for index, code in enumerate(PRINTER_KINDS):
            self.printer_kind.setItemText(index, vocabulary.display(code))
        self.printer.setPlaceholderText(self.tr("System default printer"))
        self.idle_lock_minutes.setSuffix(self.tr(" min"))

    def _camera_code(self) -> str:
        """The chosen camera's code: a listed choice's code, or what was typed."""
        text = self.camera.currentText().strip()
        index = self.camera.findText(text)
        return self.camera.itemData(index) if index >= 0 else text

    def _set_camera(self, code: str) -> None:
        index = self.camera.findData(code)
        if index >= 0:
            self.camera.setCurrentIndex(index)
        else:
            self.camera.setEditText(code)

    def load(self, settings: Settings) -> None:
        for name in ("station_code", "warehouse", "institute", "resolver_domain", "printer"):
            getattr(self, name).setText(getattr(settings, name))
        self.timezone.setCurrentText(settings.timezone)
        self._set_camera(settings.camera)
        self.label_stock.setCurrentText(settings.label_stock)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.printer_kind.setCurrentIndex(max(0, self.printer_kind.findData(settings.printer_kind)))
        self.idle_lock_minutes.setValue(settings.idle_lock_minutes)

    def value(self, base: Settings) -> Settings:
        """The edited settings; raises ``ConfigError`` if a value is not acceptable."""
        return replace(
            base,
            station_code=self.station_code.text().strip(),
            warehouse=self.warehouse.text().strip(),
            institute=self.institute.text().strip(),
            timezone=self.timezone.currentText().strip(),
            language=self.language.currentData(),
            resolver_domain=self.resolver_domain.text().strip(),
            camera=self._camera_code() or "auto",
            printer=self.printer.text().strip(),
            printer_kind=self.printer_kind.currentData(),
            label_stock=self.label_stock.currentText(),
            idle_lock_minutes=self.idle_lock_minutes.value(),
        ).validate()
