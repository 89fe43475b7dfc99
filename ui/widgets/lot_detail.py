"""The details of one lot: its plan, where it stands, its flags and its drawn units.

The actions (sign, override, acknowledge, print, report) are buttons here so they sit
next to what they act on; the page connects them. A button that cannot be used says why
in the line beside it ("3 of 125 units still to appraise"), never only by being grey.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from appraiser.clock import format_local
from appraiser.config import Settings
from ui.widgets import lot_text
from ui.widgets.lot_table import UNIT_KEYS, UnitRows, product
from ui.widgets.table_fit import fit_columns

FLAG_QSS = "QLabel#lotFlags { color: #b00020; font-weight: 600; }"
BUTTONS = ("open", "decide", "override", "acknowledge", "labels", "report")


def local_time(stamp: object, tz: tzinfo | None = None) -> str:
    """A stored UTC time in the station's zone, as every screen shows times."""
    return format_local(str(stamp), tz or Settings().tz()) if stamp else ""


def _button(name: str) -> QPushButton:
    button = QPushButton(objectName=f"lot_{name}")
    button.setEnabled(False)
    return button


def _label(name: str) -> QLabel:
    label = QLabel(objectName=name, wordWrap=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class LotDetail(QWidget):
    """Shows one ``lot_services.detail`` result; ``buttons[name]`` are the actions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="lotDetail")
        self.shown: dict[str, Any] = {}
        self.tz: tzinfo | None = None  # the station's zone, set by the page
        self.title = _label("lotTitle")
        self.plan = _label("lotPlan")
        self.state = _label("lotState")
        self.flags = _label("lotFlags")
        self.labels = _label("lotLabels")
        self.flags.setStyleSheet(FLAG_QSS)
        self.units = UnitRows(self)
        self.table = QTableView(objectName="lotUnits")
        self.table.setModel(self.units)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        fit_columns(self.table, UNIT_KEYS, ("state",))
        self.buttons = {name: _button(name) for name in BUTTONS}
        self.why = _label("lotWhy")
        self._layout()

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        text = QVBoxLayout()
        for label in (self.title, self.plan, self.state, self.labels, self.flags):
            text.addWidget(label)
        grid.addLayout(text, 0, 0)
        grid.addWidget(self.table, 1, 0)
        side = QVBoxLayout()
        for button in self.buttons.values():
            side.addWidget(button)
        side.addWidget(self.why)
        side.addStretch(1)
        grid.addLayout(side, 0, 1, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setRowStretch(1, 1)

    def clear(self) -> None:
        self.shown = {}
        for label in (self.title, self.plan, self.state, self.labels, self.flags, self.why):
            label.clear()
        self.units.set_rows([])
        for button in self.buttons.values():
            button.setEnabled(False)

    def show_lot(self, detail: dict[str, Any]) -> None:
        self.shown = detail
        lot = detail["lot"]
        self.title.setText(
            " · ".join(
                str(x)
                for x in (product(lot), lot.get("gtin"), lot.get("merchant"), lot.get("batch_lot"))
                if x
            )
        )
        self.plan.setText("\n".join(lot_text.plan_lines(lot)))
        self.units.set_rows(detail["units"])
        self.reword()

    def reword(self) -> None:
        """The texts that depend on the language in force (state, flags)."""
        if not self.shown:
            return
        self.state.setText(self.state_text())
        self.labels.setText(self.labels_text())
        self.labels.setVisible(bool(self.labels.text()))
        self.flags.setText("\n".join(self.flag_lines()))
        self.flags.setVisible(bool(self.flags.text()))

    def state_text(self) -> str:
        """The state, who signed the decision in force (with the override's reason) and,
        under review, why (a unit's verdict was amended after it)."""
        detail = self.shown
        text = lot_text.word(detail["state"])
        decision = detail.get("decision") or {}
        if decision:
            signed = self.tr("signed by {0}, {1}").format(
                decision.get("signer", ""), local_time(decision.get("signed_at"), self.tz)
            )
            text = f"{text} — {signed}"
            if decision.get("reason"):
                text += " — " + self.tr("reason: {0}").format(decision["reason"])
        if detail.get("review"):
            text += "\n" + lot_text.review_line(detail["review"])
        return text

    def labels_text(self) -> str:
        """How many units carry a label, once any was issued (applied ones count as
        printed: they went through the printer first)."""
        counts = self.shown.get("unit_labels") or {}
        units = counts.get("units") or 0
        printed = (counts.get("printed") or 0) + (counts.get("applied") or 0)
        issued = counts.get("issued") or 0
        if not (printed or issued):
            return ""
        text = self.tr("Unit labels: {0} of {1} printed").format(printed, units)
        if issued:
            text += " — " + self.tr("{0} issued, not printed yet").format(issued)
        return text

    def flag_lines(self) -> list[str]:
        lines = []
        for flag in self.shown.get("flag_rows", []):
            what = flag.get("message") or flag.get("kind") or ""
            if flag.get("acknowledged_at"):
                note = flag.get("ack_note") or ""
                lines.append(self.tr("Acknowledged: {0} ({1})").format(what, note))
            else:
                lines.append(self.tr("⚠ {0}").format(what))
        return lines

    def current_unit(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return self.units.row(index.row()) if index.isValid() else None
