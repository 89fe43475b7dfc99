"""The compare step: the matching engine's compare view (``ui.widgets.compare_widget``:
the item's photo beside the genuine reference, aligned overlay, deviation heatmap,
regions) and the appraiser's own reading of it (consistent / deviates / no reference),
stored together with the engine's advice.

The engine compares with every version carrying the item's GTIN; the appraiser can pin
one version (a regional variant the label names, say) and it compares with that one.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.widgets import keys
from ui.widgets.compare_widget import CompareWidget

READINGS = ("consistent", "deviates", "no_reference")
READING_NAMES = {
    "consistent": QT_TRANSLATE_NOOP("bench", "consistent with the reference"),
    "deviates": QT_TRANSLATE_NOOP("bench", "deviates from the reference"),
    "no_reference": QT_TRANSLATE_NOOP("bench", "no reference to compare with"),
}


def reading_name(reading: str) -> str:
    source = READING_NAMES.get(reading)
    return QCoreApplication.translate("bench", source) if source else reading


class CompareStep(QWidget):
    decided = Signal(dict)  # what the compare step stores

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="compareStep")
        self.ctx = ctx
        self.uid: str | None = None
        self.references: list[dict] = []
        self.engine = CompareWidget(ctx, self)
        self.engine.offers_no_match = True  # a case's item can go on the no-match list
        self.engine.setMinimumSize(760, 320)  # fits 1366×768 whatever it shows
        self.engine.busy_changed.connect(lambda _busy: self._update_buttons())
        self.version = QComboBox(objectName="compareVersion")
        self.version.activated.connect(self._pin_version)
        self.version_label = QLabel()
        self.buttons = {
            reading: QPushButton(objectName=f"compare_{reading}") for reading in READINGS
        }
        for reading, button in self.buttons.items():
            button.clicked.connect(lambda _=False, r=reading: self.decide(r))
        keys.bind(self.buttons["consistent"], "Alt+Y")
        keys.bind(self.buttons["deviates"], "Alt+D")
        keys.bind(self.buttons["no_reference"], "Alt+R")
        self.caption = QLabel(objectName="compareCaption", wordWrap=True)
        top = QHBoxLayout()
        top.addWidget(self.version_label)
        top.addWidget(self.version, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.caption, 1)
        for button in self.buttons.values():
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.engine, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.version_label.setText(self.tr("Compare with:"))
        if self.version.count():
            self.version.setItemText(0, self.tr("every version of this product (automatic)"))
        self.buttons["consistent"].setText(self.tr("Consistent (Alt+Y)"))
        self.buttons["deviates"].setText(self.tr("Deviates (Alt+D)"))
        self.buttons["no_reference"].setText(self.tr("No reference (Alt+R)"))
        self.caption.setText(self.tr("The engine's reading is advice: judge the match yourself."))
        self.engine.retranslate()  # the compare view's advice, titles and buttons too

    def show_case(self, uid: str, references: list[dict]) -> None:
        """``references``: {version_id, brand, model, region} of the candidate versions."""
        self.uid = uid
        self.references = references
        self.version.clear()
        self.version.addItem(self.tr("every version of this product (automatic)"), None)
        for ref in references:
            text = " · ".join(str(ref[k]) for k in ("brand", "model", "region") if ref.get(k))
            self.version.addItem(f"{text}  [{ref['version_id']}]", ref["version_id"])
        self.engine.set_appraisal(uid)
        self._update_buttons()

    def clear(self) -> None:
        """No case: nothing of the last one shown, nothing to decide."""
        self.uid, self.references = None, []
        self.version.clear()
        self.engine.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Consistent / Deviates judge this case's own photo against a reference: open once
        the photo is there and its comparison has finished (whatever the engine said)."""
        judged = self.uid is not None and self.engine.has_photo() and not self.engine.busy
        for reading in ("consistent", "deviates"):
            self.buttons[reading].setEnabled(judged and bool(self.references))
        self.buttons["no_reference"].setEnabled(self.uid is not None)

    def _pin_version(self, index: int) -> None:
        self.engine.compare_version(self.version.itemData(index))

    def decide(self, reading: str) -> None:
        """The appraiser's reading, stored with the engine's (if it ran) for the record."""
        if not self.buttons[reading].isEnabled():
            return
        pinned = self.version.currentData()
        fallback = self.references[0]["version_id"] if self.references else None
        result = {"reading": reading, "version_id": pinned or fallback}
        found = self.engine.result()
        if found:
            result["engine"] = found
            candidates = found.get("candidates") or []
            if candidates and reading != "no_reference":
                result["version_id"] = candidates[0].get("version_id")
        self.decided.emit(result)
