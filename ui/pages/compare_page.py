"""Compare page: pick any bench photo (optionally a version or GTIN) and compare it with
the genuine references. The appraisal workflow embeds the same ``CompareWidget``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from ui.context import AppContext
from ui.pages.base import Page
from ui.widgets.compare_widget import CompareWidget

PHOTO_FILTER = "Images (*.jpg *.jpeg *.png *.webp *.bmp)"


class ComparePage(Page):
    key = "compare"
    title_source = QT_TRANSLATE_NOOP("nav", "Compare")
    shortcut = "F5"

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.open_button = QPushButton(objectName="compareOpen")
        self.open_button.clicked.connect(self.choose_photo)
        self.version = QLineEdit(objectName="compareVersionId")
        self.gtin = QLineEdit(objectName="compareGtin")
        self.restrict_label = QLabel()
        self.compare = CompareWidget(ctx, self)
        self.compare.busy_changed.connect(lambda busy: self.open_button.setEnabled(not busy))
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.restrict_label)
        top.addWidget(self.version, 1)
        top.addWidget(self.gtin, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.compare, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.open_button.setText(self.tr("Open bench photo…"))
        self.restrict_label.setText(self.tr("Compare only with:"))
        self.version.setPlaceholderText(self.tr("version id (optional)"))
        self.gtin.setPlaceholderText(self.tr("GTIN (optional)"))
        self.compare.retranslate()

    def choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Bench photo"), "", PHOTO_FILTER)
        if path:
            self.open_photo(Path(path))

    def open_photo(self, path: Path) -> None:
        self.compare.set_photo(
            path, self.version.text().strip() or None, self.gtin.text().strip() or None
        )
