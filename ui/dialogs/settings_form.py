"""The station settings form, shared by the settings page (and the first-run wizard)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from appraiser.config import Settings

_COMMON_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Europe/Berlin",
    "UTC",
)
STOCKS = ("50x30", "40x30", "60x40", "2.25x1.25in", "62x29")


class SettingsForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station_code = QLineEdit(objectName="station_code")
        self.warehouse = QLineEdit(objectName="warehouse")
        self.institute = QLineEdit(objectName="institute")
        self.timezone = QComboBox(objectName="timezone", editable=True)
        self.timezone.addItems(sorted(set(_COMMON_ZONES)))
        self.language = QComboBox(objectName="language")
        for code, label in (
            ("", self.tr("System default")),
            ("zh_CN", "简体中文"),
            ("en", "English"),
        ):
            self.language.addItem(label, code)
        self.resolver_domain = QLineEdit(objectName="resolver_domain")
        self.camera = QComboBox(objectName="camera", editable=True)
        self.camera.addItems(["auto", "simulated", "0", "1"])
        self.printer = QLineEdit(objectName="printer")
        self.printer.setPlaceholderText(self.tr("System default printer"))
        self.printer_kind = QComboBox(objectName="printer_kind")
        for code, label in (
            ("system", self.tr("System printer (PDF)")),
            ("cups-raw", self.tr("Thermal printer, CUPS raw queue (ZPL)")),
            ("tcp9100", self.tr("Thermal printer on the network (ZPL, port 9100)")),
        ):
            self.printer_kind.addItem(label, code)
        self.label_stock = QComboBox(objectName="label_stock")
        self.label_stock.addItems(STOCKS)
        self.idle_lock_minutes = QSpinBox(
            objectName="idle_lock_minutes", minimum=1, maximum=240, suffix=self.tr(" min")
        )
        form = QFormLayout(self)
        rows = (
            (self.tr("Station code"), self.station_code),
            (self.tr("Warehouse"), self.warehouse),
            (self.tr("Appraisal institute"), self.institute),
            (self.tr("Time zone"), self.timezone),
            (self.tr("Language"), self.language),
            (self.tr("Resolver domain (label QR)"), self.resolver_domain),
            (self.tr("Camera"), self.camera),
            (self.tr("Printer kind"), self.printer_kind),
            (self.tr("Printer"), self.printer),
            (self.tr("Label stock"), self.label_stock),
            (self.tr("Lock after inactivity"), self.idle_lock_minutes),
        )
        for label, widget in rows:
            form.addRow(label, widget)

    def load(self, settings: Settings) -> None:
        for name in ("station_code", "warehouse", "institute", "resolver_domain", "printer"):
            getattr(self, name).setText(getattr(settings, name))
        self.timezone.setCurrentText(settings.timezone)
        self.camera.setCurrentText(settings.camera)
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
            camera=self.camera.currentText().strip() or "auto",
            printer=self.printer.text().strip(),
            printer_kind=self.printer_kind.currentData(),
            label_stock=self.label_stock.currentText(),
            idle_lock_minutes=self.idle_lock_minutes.value(),
        ).validate()
