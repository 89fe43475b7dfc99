"""The category checklist: every point pass / fail / n.a. with a note and evidence photo.

Keyboard first: ↑/↓ move, P pass, F fail (then type the note, Enter), N n.a., E attach an
evidence photo, Enter edits the note. Each answer is saved at once (the page stores it as
an appraisal revision), so a half-done checklist survives a crash. Food and beauty add the
dated facts: production date, shelf life, expiry, licence no., ingredients, back label.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from appraiser.checklists import Checklist
from ui import i18n
from ui.widgets import keys

GROUP_NAMES = {
    "appearance": QT_TRANSLATE_NOOP("bench", "Appearance"),
    "material": QT_TRANSLATE_NOOP("bench", "Material"),
    "craftsmanship": QT_TRANSLATE_NOOP("bench", "Craftsmanship"),
    "codes_serials": QT_TRANSLATE_NOOP("bench", "Codes and serials"),
    "hardware": QT_TRANSLATE_NOOP("bench", "Hardware"),
    "inner_label": QT_TRANSLATE_NOOP("bench", "Inner label"),
    "production_date": QT_TRANSLATE_NOOP("bench", "Production date"),
    "shelf_life": QT_TRANSLATE_NOOP("bench", "Shelf life"),
    "licence": QT_TRANSLATE_NOOP("bench", "Licence"),
    "ingredients": QT_TRANSLATE_NOOP("bench", "Ingredients"),
    "cn_back_label": QT_TRANSLATE_NOOP("bench", "Chinese back label"),
}
RESULT_NAMES = {
    "pass": QT_TRANSLATE_NOOP("bench", "✔ pass"),
    "fail": QT_TRANSLATE_NOOP("bench", "✘ fail"),
    "na": QT_TRANSLATE_NOOP("bench", "– n.a."),
}
_COLOURS = {"pass": "#d8f0d8", "fail": "#f8d0d0", "na": "#e8e8e8"}
_KEYS = {Qt.Key.Key_P: "pass", Qt.Key.Key_F: "fail", Qt.Key.Key_N: "na"}
GROUP, POINT, RESULT, NOTE, EVIDENCE = range(5)


def _tr(text: str) -> str:
    return QCoreApplication.translate("bench", text)


class DatedFacts(QGroupBox):
    """Production date, shelf life and label facts; the remaining life is computed."""

    save_requested = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="datedFacts")
        self.production = QLineEdit(objectName="productionDate", placeholderText="YYYY-MM-DD")
        self.months = QSpinBox(objectName="shelfMonths", maximum=240)
        self.expiry = QLineEdit(objectName="expiryDate", placeholderText="YYYY-MM-DD")
        self.licence = QLineEdit(objectName="licenceNo")
        self.ingredients = QLineEdit(objectName="ingredients")
        self.additives = QLineEdit(objectName="additives")
        self.back_label = QCheckBox(objectName="backLabel")
        self.remaining = QLabel(objectName="shelfRemaining", wordWrap=True)
        self.save = QPushButton(objectName="saveFacts")
        keys.bind(self.save, "Ctrl+D")
        self.save.clicked.connect(lambda: self.save_requested.emit(self.facts()))
        self.form = QFormLayout(self)
        self.rows = [self.production, self.months, self.expiry, self.licence,
                     self.ingredients, self.additives, self.back_label]  # fmt: skip
        for widget in self.rows:
            self.form.addRow(QLabel(), widget)
        self.form.addRow(self.remaining)
        self.form.addRow(self.save)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Dated goods: label facts"))
        names = [self.tr("Production date"), self.tr("Shelf life (months)"),
                 self.tr("Expiry date (if printed)"), self.tr("Licence no. (e.g. SC…)"),
                 self.tr("Ingredients"), self.tr("Additives"), ""]  # fmt: skip
        for row, name in enumerate(names):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is not None and label.widget() is not None:
                label.widget().setText(name)
        self.back_label.setText(self.tr("Chinese back label present and compliant"))
        self.save.setText(self.tr("Save label facts (Ctrl+D)"))

    def facts(self) -> dict:
        return {
            "production_date": self.production.text().strip(),
            "shelf_months": self.months.value() or None,
            "expiry": self.expiry.text().strip(),
            "licence_no": self.licence.text().strip(),
            "ingredients": self.ingredients.text().strip(),
            "additives": self.additives.text().strip(),
            "back_label": self.back_label.isChecked(),
        }

    def load(self, facts: dict) -> None:
        self.production.setText(facts.get("production_date") or "")
        self.months.setValue(int(facts.get("shelf_months") or 0))
        self.expiry.setText(facts.get("expiry") or "")
        self.licence.setText(facts.get("licence_no") or "")
        self.ingredients.setText(facts.get("ingredients") or "")
        self.additives.setText(facts.get("additives") or "")
        self.back_label.setChecked(bool(facts.get("back_label")))
        self.show_remaining(facts)

    def show_remaining(self, facts: dict) -> None:
        if facts.get("remaining_days") is None:
            self.remaining.setText(
                self.tr(
                    "Shelf life remaining: give a production date and shelf life, or the expiry date."  # noqa: E501
                )
            )
            self.remaining.setStyleSheet("")
            return
        days, fraction = facts["remaining_days"], facts.get("remaining_fraction")
        share = f" ({fraction:.0%})" if fraction is not None else ""
        if facts.get("expired"):
            text = self.tr("EXPIRED on {0}: {1} days ago.").format(facts["computed_expiry"], -days)
        else:
            text = self.tr("Shelf life remaining: {0} days{1}, until {2}.").format(
                days, share, facts["computed_expiry"]
            )
        low = facts.get("expired") or (fraction is not None and fraction < 1 / 3)
        self.remaining.setStyleSheet("color: #b00020; font-weight: bold;" if low else "")
        self.remaining.setText(text)


class ChecklistStep(QWidget):
    point_answered = Signal(str, str, str)  # key, result, note
    evidence_chosen = Signal(str, str)  # key, file path
    dated_saved = Signal(dict)
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="checklistStep")
        self.checklist: Checklist | None = None
        self.answers: dict[str, dict] = {}
        self.table = QTableWidget(0, 5, objectName="checklistTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        self.table.itemChanged.connect(self._item_changed)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_guidance(row))
        self.guidance = QLabel(objectName="pointGuidance", wordWrap=True)
        self.progress = QLabel(objectName="checklistProgress")
        self.keys = QLabel(objectName="checklistKeys")
        self.next = QPushButton(objectName="checklistDone")
        keys.bind(self.next, *keys.CTRL_ENTER)
        self.next.clicked.connect(self.finished)
        self.dated = DatedFacts(self)
        self.dated.save_requested.connect(self.dated_saved)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.keys)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(self.dated, 1)
        layout.addLayout(body, 1)
        layout.addWidget(self.guidance)
        layout.addLayout(bottom)
        self._loading = False
        self._pending_fail: int | None = None  # a failure waiting for its note
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Group"),
                self.tr("Checkpoint"),
                self.tr("Result"),
                self.tr("Note"),
                self.tr("Evidence"),
            ]
        )
        self.keys.setText(
            self.tr(
                "Keys: ↑/↓ move · P pass · F fail (then type the note, Enter) · N n.a. · Enter edit note · E evidence photo"  # noqa: E501
            )
        )
        self.next.setText(self.tr("Continue to verdict (Ctrl+Enter)"))
        self.dated.retranslate()
        if self.checklist is not None:
            self.show_checklist(self.checklist, self.answers, None)

    def open_case(self, checklist: Checklist, answers: dict, dated: dict) -> None:
        """A case arrives at its checklist: nothing of the last one stays (a failure still
        waiting for its note, the row that case was on)."""
        self._pending_fail = None
        self._loading, was = True, self._loading  # a note editor left open closes unsaved:
        self.table.setCurrentCell(-1, -1)  # it belongs to the last case, not this one
        self._loading = was
        self.show_checklist(checklist, answers, dated)

    def show_checklist(self, checklist: Checklist, answers: dict, dated: dict | None) -> None:
        self.checklist, self.answers = checklist, dict(answers)
        language = i18n.current_language()
        self._loading = True
        self.table.setRowCount(len(checklist.checkpoints))
        for row, point in enumerate(checklist.checkpoints):
            cells = [_tr(GROUP_NAMES.get(point.group, point.group)), point.title(language)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(point.guidance_for(language))
                self.table.setItem(row, column, item)
            self._paint(row, self.answers.get(point.key, {}))
        self._loading = False
        self.table.resizeColumnsToContents()
        has_dates = any(p.group in ("production_date", "shelf_life") for p in checklist.checkpoints)
        self.dated.setVisible(has_dates or str(checklist.category) in ("food", "beauty"))
        if dated is not None:
            self.dated.load(dated)
        self._update_progress()
        if self.table.currentRow() < 0 and self.table.rowCount():
            self.table.setCurrentCell(self._first_open_row(), RESULT)
        self.table.setFocus()

    def _first_open_row(self) -> int:
        assert self.checklist is not None
        for row, point in enumerate(self.checklist.checkpoints):
            if not self._answered(point.key):
                return row
        return 0

    def _answered(self, key: str) -> bool:
        """A point counts once it has a result; a note or photo alone is work in progress."""
        return bool(self.answers.get(key, {}).get("result"))

    def _paint(self, row: int, answer: dict) -> None:
        result = answer.get("result")
        self._loading, was = True, self._loading
        result_item = QTableWidgetItem(_tr(RESULT_NAMES[result]) if result else "")
        note_item = QTableWidgetItem(answer.get("note", ""))
        note_item.setFlags(note_item.flags() | Qt.ItemFlag.ItemIsEditable)
        evidence = QTableWidgetItem("📷" if answer.get("evidence") else "")
        for column, item in ((RESULT, result_item), (NOTE, note_item), (EVIDENCE, evidence)):
            if result:
                item.setBackground(QBrush(QColor(_COLOURS[result])))
            self.table.setItem(row, column, item)
        self._loading = was

    def _show_guidance(self, row: int) -> None:
        if self.checklist is None or not 0 <= row < len(self.checklist.checkpoints):
            return
        point = self.checklist.checkpoints[row]
        self.guidance.setText(point.guidance_for(i18n.current_language()))

    def _update_progress(self) -> None:
        total = len(self.checklist.checkpoints) if self.checklist else 0
        done = sum(1 for p in (self.checklist.checkpoints if self.checklist else ())
                   if self._answered(p.key))  # fmt: skip
        self.progress.setText(self.tr("{0} of {1} points answered").format(done, total))
        self.next.setEnabled(total > 0 and done == total)

    # --- answering ---------------------------------------------------------------------

    def point_key(self, row: int) -> str:
        assert self.checklist is not None
        return self.checklist.checkpoints[row].key

    def answer(self, row: int, result: str, note: str | None = None) -> None:
        """Set a result (and note); a failure without a note opens the note for typing."""
        key = self.point_key(row)
        previous = self.answers.get(key, {})
        note = previous.get("note", "") if note is None else note
        if result == "fail" and not note.strip():
            self._pending_fail = row
            self.table.setCurrentCell(row, NOTE)
            self.table.editItem(self.table.item(row, NOTE))
            return
        self.answers[key] = {**previous, "result": result, "note": note}
        self._paint(row, self.answers[key])
        self._update_progress()
        self.point_answered.emit(key, result, note)
        if row + 1 < self.table.rowCount() and note is not None:
            self.table.setCurrentCell(row + 1, RESULT)

    def evidence_stored(self, key: str, sha: str) -> None:
        assert self.checklist is not None
        row = [p.key for p in self.checklist.checkpoints].index(key)
        self.answers[key] = {**self.answers.get(key, {}), "evidence": sha}
        self._paint(row, self.answers[key])

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() != NOTE:
            return
        row, note = item.row(), item.text().strip()
        pending = self._pending_fail == row
        current = self.answers.get(self.point_key(row), {}).get("result")
        result = "fail" if pending else current
        self._pending_fail = None
        if result and (note or result != "fail"):
            self.answer(row, result, note)
        elif not result:  # typed before P/F/N: the answer that follows keeps it
            key = self.point_key(row)
            self.answers[key] = {**self.answers.get(key, {}), "note": note}

    def choose_evidence(self, row: int) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Evidence photo"), "", self.tr("Images (*.jpg *.jpeg *.png *.tif)")
        )
        if path:
            self.evidence_chosen.emit(self.point_key(row), path)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        editing = self.table.state() == QAbstractItemView.State.EditingState
        if watched is self.table and event.type() == QEvent.Type.KeyPress and not editing:
            # (keys typed into an open note editor come up here too; they are the note's)
            assert isinstance(event, QKeyEvent)
            row = self.table.currentRow()
            if row >= 0 and event.modifiers() in (Qt.KeyboardModifier.NoModifier,):
                if event.key() in _KEYS:
                    self.answer(row, _KEYS[event.key()])
                    return True
                if event.key() == Qt.Key.Key_E:
                    self.choose_evidence(row)
                    return True
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.table.editItem(self.table.item(row, NOTE))
                    return True
        return super().eventFilter(watched, event)
