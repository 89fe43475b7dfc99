"""A read-only table model over a list of dicts, with translatable column headers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """Columns are (row key, English header marked with ``QT_TRANSLATE_NOOP(context, …)``),
    or (row key, header, its own context) to share a header another screen already words;
    headers are translated when asked for, so a language switch needs only a repaint."""

    def __init__(
        self,
        columns: Sequence[tuple[str, str] | tuple[str, str, str]],
        context: str,
        parent: QObject | None = None,
        formatters: Mapping[str, Callable[[Any], str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._context = context
        self._formatters = dict(formatters or {})
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> dict[str, Any]:
        return self._rows[number]

    def column_key(self, section: int) -> str:
        """The row key shown in column ``section`` (layouts and tests name columns by it)."""
        return self._columns[section][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        key = self._columns[index.column()][0]
        value = self._rows[index.row()].get(key)
        if value is None:
            return ""
        return self._formatters[key](value) if key in self._formatters else str(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            column = self._columns[section]
            context = column[2] if len(column) > 2 else self._context
            return QCoreApplication.translate(context, column[1])
        return None
