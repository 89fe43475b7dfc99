"""The verdict: genuine / counterfeit (with reason codes) / inconclusive (with a leaning
that the reviewer will not see), a note, then Sign.

Alt+G, Alt+C, Alt+I pick the verdict; Ctrl+1…6 tick the reason codes;
Ctrl+S opens the signing dialog. Signing stays disabled until the choice is complete.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from appraiser.domain.enums import ReasonCode, Verdict
from ui.widgets import keys

REASON_NAMES = {
    "NOT_AUTHENTIC": QT_TRANSLATE_NOOP("bench", "Not authentic"),
    "NOT_AS_DESCRIBED": QT_TRANSLATE_NOOP("bench", "Not as described"),
    "DAMAGED": QT_TRANSLATE_NOOP("bench", "Damaged"),
    "USED": QT_TRANSLATE_NOOP("bench", "Used"),
    "EXPIRED": QT_TRANSLATE_NOOP("bench", "Expired"),
    "LABEL_NONCOMPLIANT": QT_TRANSLATE_NOOP("bench", "Label non-compliant"),
}


def reason_name(code: str) -> str:
    source = REASON_NAMES.get(code)
    return QCoreApplication.translate("bench", source) if source else code


class VerdictStep(QWidget):
    sign_requested = Signal(str, list, str, object)  # verdict, reason codes, note, leaning

    def __init__(self, parent: QWidget | None = None, *, allow_inconclusive: bool = True) -> None:
        super().__init__(parent, objectName="verdictStep")
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for verdict in Verdict:
            button = QRadioButton(objectName=f"verdict_{verdict}")
            font = QFont(button.font())
            font.setPointSize(18)
            font.setBold(True)
            button.setFont(font)
            self.group.addButton(button)
            self.choices[str(verdict)] = button
            row.addWidget(button)
        self.choices["inconclusive"].setVisible(allow_inconclusive)
        self.allow_inconclusive = allow_inconclusive
        self.group.buttonToggled.connect(lambda *_: self._update())
        self.reasons_box = QGroupBox(objectName="reasonCodes")
        self.reasons: dict[str, QCheckBox] = {}
        grid = QGridLayout(self.reasons_box)
        for index, code in enumerate(ReasonCode):
            box = QCheckBox(objectName=f"reason_{code}")
            box.toggled.connect(lambda *_: self._update())
            key = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self, box.toggle)
            key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.reasons[str(code)] = box
            grid.addWidget(box, index // 3, index % 3)
        self.leaning_label = QLabel()
        self.leaning = QComboBox(objectName="leaning")
        self.note = QPlainTextEdit(objectName="verdictNote")
        self.note.setMaximumHeight(120)
        self.suggestion = QLabel(objectName="verdictSuggestion", wordWrap=True)
        self.sign = QPushButton(objectName="signVerdict")
        keys.bind(self.sign, "Ctrl+S")
        self.sign.clicked.connect(self._request)
        leaning_row = QHBoxLayout()
        leaning_row.addWidget(self.leaning_label)
        leaning_row.addWidget(self.leaning, 1)
        self.leaning_label.setVisible(allow_inconclusive)  # a reviewer has no leaning to give
        self.leaning.setVisible(allow_inconclusive)
        self.note_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.reasons_box)
        layout.addLayout(leaning_row)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        layout.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.sign)
        layout.addLayout(bottom)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        names = {"genuine": self.tr("&Genuine"), "counterfeit": self.tr("&Counterfeit"),
                 "inconclusive": self.tr("&Inconclusive")}  # fmt: skip
        for verdict, button in self.choices.items():
            button.setText(names[verdict])
        self.reasons_box.setTitle(self.tr("Reason codes (needed for counterfeit)"))
        for number, (code, box) in enumerate(self.reasons.items(), start=1):
            box.setText(f"Ctrl+{number}  {reason_name(code)}")
        self.leaning_label.setText(self.tr("Your leaning (hidden from the reviewer):"))
        current = self.leaning.currentIndex()
        self.leaning.clear()
        self.leaning.addItem(self.tr("no leaning"), None)
        self.leaning.addItem(self.tr("probably genuine"), "genuine")
        self.leaning.addItem(self.tr("probably counterfeit"), "counterfeit")
        self.leaning.setCurrentIndex(max(0, current))
        self.note_label.setText(self.tr("Note (what you saw; for the report)"))
        self.sign.setText(self.tr("Sign… (Ctrl+S)"))

    def reset(self, suggested_reasons: list[str], summary: str) -> None:
        self.group.setExclusive(False)
        for button in self.choices.values():
            button.setChecked(False)
        self.group.setExclusive(True)
        for code, box in self.reasons.items():
            box.setChecked(code in suggested_reasons)
        self.leaning.setCurrentIndex(0)
        self.note.clear()
        self.suggestion.setText(summary)
        self._update()

    def verdict(self) -> str | None:
        for verdict, button in self.choices.items():
            if button.isChecked():
                return verdict
        return None

    def choose(self, verdict: str, reasons: list[str] = (), note: str = "") -> None:
        """Set the whole choice at once (keyboard macros, tests, the review page)."""
        self.choices[verdict].setChecked(True)
        for code, box in self.reasons.items():
            box.setChecked(code in reasons)
        self.note.setPlainText(note)

    def codes(self) -> list[str]:
        return [code for code, box in self.reasons.items() if box.isChecked()]

    def _update(self) -> None:
        verdict = self.verdict()
        counterfeit = verdict == "counterfeit"
        self.reasons_box.setEnabled(counterfeit)
        self.leaning.setEnabled(verdict == "inconclusive")
        self.sign.setEnabled(verdict is not None and (not counterfeit or bool(self.codes())))

    def _request(self) -> None:
        verdict = self.verdict()
        if verdict is None:
            return
        codes = self.codes() if verdict == "counterfeit" else []
        leaning = self.leaning.currentData() if verdict == "inconclusive" else None
        self.sign_requested.emit(verdict, codes, self.note.toPlainText().strip(), leaning)
