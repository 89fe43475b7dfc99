"""The Today table's rows: a line of several units says how far it is.

A queue line of quantity N stays open until N units are appraised (each unit is its own
item and case, see ``appraiser.services.arrivals.lines``); its State cell then reads
"3 of 24 appraised" rather than the state of whichever unit was appraised last.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from appraiser.storage.label_states import DEAD
from ui.models.rows_model import Index, RowsModel
from ui.vocabulary import display
from ui.widgets import lot_text

PROGRESS = QT_TRANSLATE_NOOP("queue", "{0} of {1} appraised")
WORKING = QT_TRANSLATE_NOOP("queue", "{0} ({1} of {2} appraised)")
_FINISHED = ("done", "awaiting_review")
_ACTIVE = ("open", "interrupted")
_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def line_state(row: dict[str, Any], shown: str, full: bool = False) -> str:
    """``shown`` (the state in words) with the line's progress when it has several units;
    a sampled lot's line counts its drawn units and says where the next one is (issue 16:
    "1 of 24" read as if the whole line were to be appraised). The cell stays short (the
    State column is always shown whole, at 1366 px too); ``full`` (the tooltip) adds where
    the next unit is. A decided lot's line reads how the lot ended instead."""
    if row.get("lot_decision"):
        return lot_text.queue_outcome(row, full)
    if row.get("lot_policy") == "sampling" and row.get("state") not in _FINISHED:
        lot = {"sampled_appraised": row.get("appraised"), "sample_size": row.get("target"),
               "next_unit": row.get("next_unit")}  # fmt: skip
        return lot_text.queue_line(lot) if full else lot_text.queue_cell(lot)
    quantity, appraised = row.get("quantity") or 1, row.get("appraised") or 0
    if quantity <= 1 or row.get("state") in _FINISHED:
        return shown
    if row.get("appraisal_state") in _ACTIVE:
        return QCoreApplication.translate("queue", WORKING).format(shown, appraised, quantity)
    if appraised == 0:
        return shown
    return QCoreApplication.translate("queue", PROGRESS).format(appraised, quantity)


def label_cell(row: dict[str, Any], serial: str, role: int) -> str:
    """A revoked or voided label is no longer the item's label: the cell says so in words
    (its serial in the tooltip), never the bare serial next to the verdict (issue 14)."""
    state = row.get("label_state")
    if state not in DEAD:
        return serial
    if role == Qt.ItemDataRole.ToolTipRole:
        return f"{serial} — {display(state)}"
    return display(state)


class QueueRows(RowsModel):
    """``RowsModel`` whose State and Label columns know the whole row, not just one code."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if role not in _TEXT_ROLES or not index.isValid():
            return value
        key = self._columns[index.column()][0]
        if key == "state":
            tip = role == Qt.ItemDataRole.ToolTipRole
            return line_state(self.row(index.row()), value, full=tip)
        if key == "label_serial" and value:
            return label_cell(self.row(index.row()), value, role)
        if key == "label_serial" and self.row(index.row()).get("lot_decision"):
            return lot_text.queue_label(self.row(index.row()))  # a lot's unit labels
        return value
