"""Intake: confirm the item's details, prefilled from the reference library by GTIN.

The category chosen here picks the checklist and the shot list. An unknown GTIN is said
plainly and can be put on the library's "no match" queue with one click.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from appraiser.domain.enums import Category
from appraiser.services.arrivals.intake import Prefill
from ui.vocabulary import display
from ui.widgets.no_match_button import NoMatchButton

FIELDS = ("gtin", "sku", "brand", "model", "declaration_no", "batch_lot", "expiry", "serial",
          "origin", "merchant")  # fmt: skip


class IntakeStep(QWidget):
    confirmed = Signal(str, dict)  # category, item changes
    no_match_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="intakeStep")
        self.edits = {name: QLineEdit(objectName=f"intake_{name}") for name in FIELDS}
        self.category = QComboBox(objectName="intakeCategory")
        for category in Category:
            self.category.addItem(display(category), str(category))
        self.library = QLabel(objectName="intakeLibrary", wordWrap=True)
        self.lot_reason = QLabel(objectName="intakeLotReason", wordWrap=True)
        self.lot_reason.hide()
        self.lot_unit: dict | None = None
        self.no_match = NoMatchButton("offerNoMatch")
        self.no_match.clicked.connect(self.no_match_requested)
        self.start = QPushButton(objectName="startAppraisal")
        self.start.setShortcut("Ctrl+Return")
        self.start.clicked.connect(self._confirm)
        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        for index, name in enumerate(("category", *FIELDS)):
            label = QLabel()
            self.labels[name] = label
            widget = self.category if name == "category" else self.edits[name]
            row, column = index % 6, (index // 6) * 2
            grid.addWidget(label, row, column)
            grid.addWidget(widget, row, column + 1)
        library_row = QHBoxLayout()
        library_row.addWidget(self.library, 1)
        library_row.addWidget(self.no_match)
        layout = QVBoxLayout(self)
        self.title = QLabel(objectName="intakeTitle")
        layout.addWidget(self.title)
        layout.addLayout(library_row)
        layout.addWidget(self.lot_reason)
        layout.addLayout(grid)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start)
        layout.addLayout(buttons)
        self.prefill: Prefill | None = None
        self.retranslate()

    def retranslate(self) -> None:
        names = {
            "category": self.tr("Category (picks the checklist)"), "gtin": self.tr("GTIN"),
            "sku": self.tr("SKU"), "brand": self.tr("Brand"), "model": self.tr("Model"),
            "declaration_no": self.tr("Customs declaration no."),
            "batch_lot": self.tr("Batch / lot"), "expiry": self.tr("Expiry (YYYY-MM-DD)"),
            "serial": self.tr("Serial no."), "origin": self.tr("Origin"),
            "merchant": self.tr("Merchant"),
        }  # fmt: skip
        for name, label in self.labels.items():
            label.setText(names[name])
        self.title.setText(self.tr("Check the item against its papers and the library."))
        self.no_match.set_texts(
            self.tr("Add to the library's “no match” list"),
            self.tr("On the library's “no match” list"),
        )
        self.start.setText(self.tr("Start appraisal (Ctrl+Enter)"))
        for index in range(self.category.count()):
            self.category.setItemText(index, display(self.category.itemData(index)))
        if self.prefill is not None:
            self._say_library(self.prefill)
        self._say_lot()

    def show_item(self, item: dict, prefill: Prefill, lot_unit: dict | None = None) -> None:
        """Fill the form: what the item record says, library values where it says nothing.
        A unit of a lot (``lot_unit``) shows the lot's product fields read-only, with why."""
        self.prefill = prefill
        self.lot_unit = lot_unit
        suggested = prefill.fields()
        for name, edit in self.edits.items():
            edit.setText(str(item.get(name) or suggested.get(name) or ""))
        category = item.get("category") or suggested.get("category") or ""
        index = self.category.findData(category)
        self.category.setCurrentIndex(index if index >= 0 else 0)
        self._say_library(prefill)
        self._lock_lot_fields()
        self.no_match.setVisible(not prefill.known)
        self.set_no_match_listed(False)  # the page asks the list for this item
        self.start.setEnabled(True)
        focus = self.edits["brand"] if not prefill.known else self.start
        focus.setFocus()

    def _say_library(self, prefill: Prefill) -> None:
        if prefill.known:
            best = prefill.versions[0]
            self.library.setText(
                self.tr("Known in the library: {0} {1} ({2}), {3} version(s).").format(
                    best["brand"], best["model"], best["region"] or "—", len(prefill.versions)
                )
            )
            self.library.setStyleSheet("color: #1b5e20;")
        elif prefill.gtin:
            self.library.setText(
                self.tr("GTIN {0} is not in the library: enter the details by hand.").format(
                    prefill.gtin
                )
            )
            self.library.setStyleSheet("color: #8a4b00;")
        else:
            self.library.setText(self.tr("No GTIN: enter the details by hand."))
            self.library.setStyleSheet("color: #8a4b00;")

    def _lock_lot_fields(self) -> None:
        """Issue 16 finding N2: a lot's unit is the lot's product; its identity is not
        re-keyed at intake (the service refuses it too)."""
        fixed = set(self.lot_unit["fixed"]) if self.lot_unit else set()
        for name, edit in self.edits.items():
            edit.setReadOnly(name in fixed)
        self.category.setEnabled("category" not in fixed)
        self._say_lot()

    def _say_lot(self) -> None:
        self.lot_reason.setVisible(self.lot_unit is not None)
        if self.lot_unit is None:
            for edit in self.edits.values():
                edit.setToolTip("")
            return
        unit, lot = self.lot_unit.get("unit_no"), self.lot_unit["lot_uid"]
        who = (
            self.tr("Unit {0} of lot {1}").format(unit, lot)
            if unit
            else self.tr("A unit of lot {0}").format(lot)
        )
        self.lot_reason.setText(
            self.tr(
                "{0}: its GTIN, category, batch, brand, model, merchant and declaration "
                "number are the lot's and cannot be changed here. If the unit is not the "
                "lot's product, sign it counterfeit with “Not as described”: it counts as a "
                "defect of the lot."
            ).format(who)
        )
        self.lot_reason.setStyleSheet("color: #8a4b00;")
        for edit in self.edits.values():
            edit.setToolTip(self.lot_reason.text() if edit.isReadOnly() else "")

    def set_no_match_listed(self, listed: bool) -> None:
        """One state for one item: the compare step may have listed it already."""
        self.no_match.set_listed(listed)

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.edits.items()}

    def _confirm(self) -> None:
        self.start.setEnabled(False)
        self.confirmed.emit(self.category.currentData(), self.values())
