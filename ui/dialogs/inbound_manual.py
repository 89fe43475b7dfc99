"""Queue an item by hand: for goods without a readable barcode or outside the list."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget


class ManualItemDialog(QDialog):
    FIELDS = ("gtin", "sku", "brand", "model", "declaration_no", "merchant")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="manualItemDialog")
        self.setWindowTitle(self.tr("Add an item by hand"))
        labels = {
            "gtin": self.tr("GTIN / EAN"),
            "sku": self.tr("SKU"),
            "brand": self.tr("Brand"),
            "model": self.tr("Model"),
            "declaration_no": self.tr("Customs declaration no."),
            "merchant": self.tr("Merchant"),
        }
        self.edits = {name: QLineEdit(objectName=name) for name in self.FIELDS}
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("Give at least a GTIN, a SKU or a brand.")))
        for name in self.FIELDS:
            form.addRow(labels[name], self.edits[name])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str]:
        return {k: e.text().strip() for k, e in self.edits.items() if e.text().strip()}
