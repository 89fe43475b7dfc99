"""The library table: versions with a thumbnail of their first image."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QImage

from ui.models.rows_model import RowsModel
from ui.vocabulary import display

COLUMNS = (
    ("brand", QT_TRANSLATE_NOOP("LibraryPage", "Brand")),
    ("model", QT_TRANSLATE_NOOP("LibraryPage", "Model")),
    ("region", QT_TRANSLATE_NOOP("LibraryPage", "Region")),
    ("gtin", QT_TRANSLATE_NOOP("LibraryPage", "GTIN")),
    ("category", QT_TRANSLATE_NOOP("LibraryPage", "Category")),
    ("version_id", QT_TRANSLATE_NOOP("LibraryPage", "Version")),
    ("images", QT_TRANSLATE_NOOP("LibraryPage", "Images")),
)
# Read in full at any size; brand and model (free text, any script) elide.
KEY_COLUMNS = ("region", "gtin", "category", "version_id", "images")


class LibraryModel(RowsModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, "LibraryPage", parent, formatters={"category": display})
        self._thumbs: dict[int, QImage] = {}

    def set_thumbnails(self, thumbs: dict[int, QImage]) -> None:
        self._thumbs.update(thumbs)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and index.isValid() and index.column() == 0:
            return self._thumbs.get(self.row(index.row())["row"])
        return super().data(index, role)
