"""The Today table's rows: a line of several units says how far it is.

A queue line of quantity N stays open until N units are appraised (each unit is its own
item and case, see ``appraiser.services.arrivals.lines``); its State cell then reads
"3 of 24 appraised" rather than the state of whichever unit was appraised last.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from ui.models.rows_model import Index, RowsModel

PROGRESS = QT_TRANSLATE_NOOP("queue", "{0} of {1} appraised")
WORKING = QT_TRANSLATE_NOOP("queue", "{0} ({1} of {2} appraised)")
_FINISHED = ("done", "awaiting_review")
_ACTIVE = ("open", "interrupted")
_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def line_state(row: dict[str, Any], shown: str) -> str:
    """``shown`` (the state in words) with the line's progress when it has several units."""
    quantity, appraised = row.get("quantity") or 1, row.get("appraised") or 0
    if quantity <= 1 or row.get("state") in _FINISHED:
        return shown
    if row.get("appraisal_state") in _ACTIVE:
        return QCoreApplication.translate("queue", WORKING).format(shown, appraised, quantity)
    if appraised == 0:
        return shown
    return QCoreApplication.translate("queue", PROGRESS).format(appraised, quantity)


class QueueRows(RowsModel):
    """``RowsModel`` whose State column knows the whole row, not just the state code."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if role in _TEXT_ROLES and index.isValid() and self._columns[index.column()][0] == "state":
            return line_state(self.row(index.row()), value)
        return value
