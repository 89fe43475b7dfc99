"""A row of figure tiles: one big number with its caption each, for a dashboard's top line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget


class Tile(QFrame):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—", objectName=f"tileValue_{key}")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.caption)

    def set(self, value: str, caption: str, colour: str | None = None) -> None:
        self.value.setText(value)
        self.caption.setText(caption)
        self.value.setStyleSheet(f"color: {colour};" if colour else "")
        self.setAccessibleName(f"{caption}: {value}")


class TileRow(QWidget):
    """Tiles in a grid that wraps to a second row on narrow windows."""

    def __init__(self, keys: list[str], columns: int = 5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = {key: Tile(key) for key in keys}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, i // columns, i % columns)

    def __getitem__(self, key: str) -> Tile:
        return self.tiles[key]
