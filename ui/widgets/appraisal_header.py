"""The bench's top line: which item, which step (with its key), whose case, how long.

Always visible while a case is open, so an interrupted appraiser knows at a glance where
they are; the clock ticks locally from the case's start time, no database involved.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from appraiser.clock import utcnow
from appraiser.services.casework.workflow import STEPS, Case
from ui.vocabulary import display
from ui.widgets import lot_text

STEP_NAMES = {
    "intake": QT_TRANSLATE_NOOP("bench", "Intake"),
    "capture": QT_TRANSLATE_NOOP("bench", "Capture"),
    "compare": QT_TRANSLATE_NOOP("bench", "Compare"),
    "checklist": QT_TRANSLATE_NOOP("bench", "Checklist"),
    "verdict": QT_TRANSLATE_NOOP("bench", "Verdict"),
    "outcome": QT_TRANSLATE_NOOP("bench", "Outcome"),
}


def step_name(step: str) -> str:
    return QCoreApplication.translate("bench", STEP_NAMES.get(step, step))


def item_text(item: dict) -> str:
    words = [item.get("brand"), item.get("model")]
    text = " ".join(w for w in words if w) or item.get("sku") or item.get("uid", "")
    return f"{text} · {item['gtin']}" if item.get("gtin") else text


def bench_item_text(item: dict) -> str:
    """The item line of the bench: a lot's drawn unit also says where to pull it from
    (issue 16: "carton 3, unit 7"), at every step, in the language in force."""
    where = lot_text.pull(item)
    return f"{item_text(item)} · {where}" if where else item_text(item)


class CaseHeader(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="caseHeader")
        self.setStyleSheet(
            "#caseHeader { background: #1f3b57; } #caseHeader QLabel { color: white; }"
            ' QLabel[current="true"] { background: #f5b400; color: #1b1b1b; }'
        )
        self.item = self._label("caseItem", 18, bold=True)
        self.meta = self._label("caseMeta", 12)
        self.clock = self._label("caseClock", 22, bold=True)
        self.steps = {step: self._label(f"step_{step}", 13) for step in STEPS}
        self.started = None
        row = QHBoxLayout()
        for step in STEPS:
            row.addWidget(self.steps[step])
        row.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.item)
        left.addWidget(self.meta)
        left.addLayout(row)
        outer = QHBoxLayout(self)
        outer.addLayout(left, 1)
        outer.addWidget(self.clock)
        self.timer = QTimer(self, interval=1000, timeout=self.tick)
        self.current_step = "intake"
        self.shown_item: dict = {}
        self.retranslate()

    @staticmethod
    def _label(name: str, points: int, *, bold: bool = False) -> QLabel:
        label = QLabel(objectName=name)
        font = QFont(label.font())
        font.setPointSize(points)
        font.setBold(bold)
        label.setFont(font)
        label.setContentsMargins(6, 2, 6, 2)
        return label

    def retranslate(self) -> None:
        for number, step in enumerate(STEPS, start=1):
            self.steps[step].setText(f"Alt+{number} {step_name(step)}")
        if self.started is not None:  # the case line, reworded in the language in force
            self.meta.setText(self._case_line(self.started))
            self.item.setText(bench_item_text(self.started.item))
        elif self.item.text():
            self.meta.setText(self.tr("Not started yet"))
            self.item.setText(bench_item_text(self.shown_item))

    def show_item(self, item: dict, step: str = "intake") -> None:
        """An item at intake: no case yet, so no clock."""
        self.shown_item = item
        self.item.setText(bench_item_text(item))
        self.meta.setText(self.tr("Not started yet"))
        self.started = None
        self.timer.stop()
        self.clock.setText("--:--")
        self.set_step(step)

    def show_case(self, case: Case) -> None:
        self.shown_item = case.item
        self.item.setText(bench_item_text(case.item))
        self.meta.setText(self._case_line(case))
        self.started = case
        self.set_step(case.step)
        self.tick()
        if case.state in ("open", "interrupted"):
            self.timer.start()
        else:
            self.timer.stop()

    def _case_line(self, case: Case) -> str:
        return self.tr("{0} · {1} · held by {2} · {3}").format(
            case.uid, display(case.category), case.holder, display(case.state)
        )

    def set_step(self, step: str) -> None:
        self.current_step = step
        for name, label in self.steps.items():
            label.setProperty("current", name == step)
            label.style().unpolish(label)
            label.style().polish(label)

    def tick(self) -> None:
        if self.started is None:
            return
        seconds = int(self.started.elapsed_s(utcnow()))
        minutes, seconds = divmod(max(0, seconds), 60)
        hours, minutes = divmod(minutes, 60)
        self.clock.setText(
            f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
        )
