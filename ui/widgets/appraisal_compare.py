"""The compare step: the item's photo beside the genuine reference, and the appraiser's
reading of it (consistent / deviates / no reference).

The matching engine's compare view (``ui.widgets.compare_widget``: aligned overlay,
deviation heatmap, regions) is embedded when this build has it, and its reading is stored
with the appraiser's. Without it, a plain side-by-side of the item's first photo and the
candidate references from the library takes its place, so the step always works.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext

READINGS = ("consistent", "deviates", "no_reference")
READING_NAMES = {
    "consistent": QT_TRANSLATE_NOOP("bench", "consistent with the reference"),
    "deviates": QT_TRANSLATE_NOOP("bench", "deviates from the reference"),
    "no_reference": QT_TRANSLATE_NOOP("bench", "no reference to compare with"),
}


def reading_name(reading: str) -> str:
    source = READING_NAMES.get(reading)
    return QCoreApplication.translate("bench", source) if source else reading


def _image_label(name: str) -> QLabel:
    label = QLabel(objectName=name, alignment=Qt.AlignmentFlag.AlignCenter)
    label.setMinimumSize(320, 240)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    label.setStyleSheet("background: #202020; color: #dddddd;")
    return label


PICTURE = QSize(900, 700)


def load_picture(path: str | Path | None) -> QImage:
    """Decode and shrink a picture off the UI thread (QImage, unlike QPixmap, may be made
    on a worker); an unreadable file gives a null image."""
    image = QImage(str(path)) if path else QImage()
    if image.isNull():
        return image
    return image.scaled(PICTURE, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)  # fmt: skip


def embedded_compare_view(ctx: AppContext, parent: QWidget) -> QWidget | None:
    """The matching helper's compare widget, if this build has it (``CompareWidget``)."""
    for module_name in ("ui.widgets.compare_widget", "ui.widgets.compare_view"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name in ("CompareWidget", "CompareView"):
            widget_type = getattr(module, name, None)
            if widget_type is not None:
                return widget_type(ctx, parent)
    return None


class CompareStep(QWidget):
    decided = Signal(dict)  # what the compare step stores

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="compareStep")
        self.ctx = ctx
        self.engine = embedded_compare_view(ctx, self)
        self.version = QComboBox(objectName="compareVersion")
        self.version.currentIndexChanged.connect(self._show_reference)
        self.reference = _image_label("referenceImage")
        self.photo = _image_label("itemPhoto")
        self.buttons = {
            reading: QPushButton(objectName=f"compare_{reading}") for reading in READINGS
        }
        for reading, button in self.buttons.items():
            button.clicked.connect(lambda _=False, r=reading: self.decide(r))
        self.buttons["consistent"].setShortcut("Alt+Y")
        self.buttons["deviates"].setShortcut("Alt+D")
        self.buttons["no_reference"].setShortcut("Alt+R")
        self.caption = QLabel(objectName="compareCaption", wordWrap=True)
        top = QHBoxLayout()
        self.version_label = QLabel()
        top.addWidget(self.version_label)
        top.addWidget(self.version, 1)
        pictures = QHBoxLayout()
        pictures.addWidget(self.reference)
        pictures.addWidget(self.photo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.caption, 1)
        for button in self.buttons.values():
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        if self.engine is not None:  # its own side-by-side view, overlay and heatmap
            self.engine.setMinimumSize(760, 320)  # fits 1366×768 whatever it shows
            layout.addWidget(self.engine, 1)
            for widget in (self.version_label, self.version, self.reference, self.photo):
                widget.hide()
        layout.addLayout(top)
        layout.addLayout(pictures, 1)
        layout.addLayout(buttons)
        self.references: list[dict] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.version_label.setText(self.tr("Genuine reference:"))
        self.buttons["consistent"].setText(self.tr("Consistent (Alt+Y)"))
        self.buttons["deviates"].setText(self.tr("Deviates (Alt+D)"))
        self.buttons["no_reference"].setText(self.tr("No reference (Alt+R)"))
        if self.engine is not None:
            self.caption.setText(
                self.tr("The engine's reading is advice: judge the match yourself.")
            )
        else:
            self.caption.setText(
                self.tr("Left: the genuine reference. Right: this item. Judge the overall match.")
            )

    def show_case(self, uid: str, references: list[dict], photo: QImage) -> None:
        """``references``: {version_id, brand, model, region, picture} of candidate versions,
        each ``picture`` a QImage already decoded by ``load_picture``."""
        self.uid = uid
        self.references = references
        self.version.blockSignals(True)
        self.version.clear()
        for ref in references:
            text = " · ".join(str(ref[k]) for k in ("brand", "model", "region") if ref.get(k))
            self.version.addItem(text, ref["version_id"])
        self.version.blockSignals(False)
        self.buttons["consistent"].setEnabled(bool(references))
        self.buttons["deviates"].setEnabled(bool(references))
        self._show_reference(0)
        self._set_picture(self.photo, photo, self.tr("No photo of the item yet."))
        if self.engine is not None and hasattr(self.engine, "set_appraisal"):
            self.engine.set_appraisal(uid)

    def _show_reference(self, index: int) -> None:
        ref = self.references[index] if 0 <= index < len(self.references) else None
        picture = ref.get("picture") if ref else None
        self._set_picture(
            self.reference, picture or QImage(), self.tr("No genuine reference in the library.")
        )

    def _set_picture(self, label: QLabel, picture: QImage, empty: str) -> None:
        pixmap = QPixmap.fromImage(picture)
        if pixmap.isNull():
            label.setPixmap(QPixmap())
            label.setText(empty)
            return
        label.setPixmap(
            pixmap.scaled(
                label.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )

    def decide(self, reading: str) -> None:
        """The appraiser's reading, stored with the engine's (if it ran) for the record."""
        result = {"reading": reading, "version_id": self.version.currentData()}
        engine_result = getattr(self.engine, "result", None)
        found = engine_result() if callable(engine_result) else None
        if found:
            result["engine"] = found
            candidates = found.get("candidates") or []
            if candidates and reading != "no_reference":
                result["version_id"] = candidates[0].get("version_id")
        self.decided.emit(result)
