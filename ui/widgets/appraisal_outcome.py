"""The outcome of a signed case: the label (genuine), the quarantine record (counterfeit)
or the review queue (inconclusive), and the appraisal report when one was written."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.vocabulary import display
from ui.widgets import keys
from ui.widgets.appraisal_verdict import reason_name


class OutcomeStep(QWidget):
    print_requested = Signal(str)  # serial
    next_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="outcomeStep")
        self.ctx = ctx
        self.headline = QLabel(objectName="outcomeHeadline", wordWrap=True)
        font = QFont(self.headline.font())
        font.setPointSize(22)
        font.setBold(True)
        self.headline.setFont(font)
        self.details = QLabel(objectName="outcomeDetails", wordWrap=True)
        font = QFont(self.details.font())
        font.setPointSize(14)
        self.details.setFont(font)
        self.preview = self._label_preview()
        self.report_status = QLabel(objectName="reportStatus")
        self.report_busy = QProgressBar(objectName="reportBusy", maximumWidth=160)
        self.report_busy.setRange(0, 0)  # no figures to show: a moving bar says "working"
        self.report_busy.setTextVisible(False)
        self.print_button = QPushButton(objectName="printLabel")
        keys.bind(self.print_button, "Ctrl+P")
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.serial or ""))
        self.report_button = QPushButton(objectName="openReport")
        self.report_button.clicked.connect(self._open_report)
        self.next_button = QPushButton(objectName="nextItem")
        keys.bind(self.next_button, *keys.CTRL_ENTER)
        self.next_button.clicked.connect(self.next_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.report_busy)
        buttons.addWidget(self.report_status)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        if self.preview is not None:
            layout.addWidget(self.preview, 1)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.serial: str | None = None
        self.report: str | None = None
        self.uid: str | None = None  # the case shown; a late report of another is dropped
        self.retranslate()
        self.clear()

    def _label_preview(self) -> QWidget | None:
        try:
            from ui.widgets.label_preview import LabelPreview
        except ImportError:
            return None
        return LabelPreview(self.ctx.station, self)

    def retranslate(self) -> None:
        self.print_button.setText(self.tr("Print label (Ctrl+P)"))
        self.report_button.setText(self.tr("Open report"))
        self.next_button.setText(self.tr("Next item (Ctrl+Enter)"))
        self._report_busy(not self.report_busy.isHidden())  # reworded if still writing

    def clear(self) -> None:
        self.serial = self.report = self.uid = None
        self.headline.clear()
        self.details.clear()
        self.print_button.hide()
        self.report_button.hide()
        self._report_busy(False)
        if self.preview is not None:
            self.preview.hide()

    def show_outcome(self, outcome: dict) -> None:
        """``outcome``: verdict, reason_codes, label (serial), quarantine (uid), report."""
        self.clear()
        self.uid = outcome.get("uid")
        verdict = outcome["verdict"]
        self.headline.setText(self.tr("Verdict: {0}").format(display(verdict)))
        colour = {"genuine": "#1b5e20", "counterfeit": "#b00020"}.get(verdict, "#8a4b00")
        self.headline.setStyleSheet(f"color: {colour};")
        lines = []
        if outcome.get("reason_codes"):
            codes = ", ".join(reason_name(c) for c in outcome["reason_codes"])
            lines.append(self.tr("Reasons: {0}").format(codes))
        if outcome.get("label"):
            self.serial = outcome["label"]
            lines.append(self.tr("Label issued: {0}").format(outcome.get("label_grouped", "")))
            self.print_button.show()
            if self.preview is not None:
                self.preview.show()
                self.preview.show_label(self.serial, self.ctx.settings.label_stock)
        if outcome.get("label_lot_unit"):  # issue 16 finding N2: no English in zh_CN
            unit = outcome["label_lot_unit"]
            lines.append(
                self.tr(
                    "No label yet: this is unit {0} drawn from lot {1}; it gets its label with "
                    "the lot's unit labels once the lot is accepted."
                ).format(unit["unit_no"], unit["lot_uid"])
            )
        elif outcome.get("label_error"):
            lines.append(self.tr("No label yet: {0}").format(outcome["label_error"]))
        if outcome.get("quarantine"):
            lines.append(
                self.tr("Quarantine record {0}: move the goods to the quarantine area.").format(
                    outcome["quarantine"]
                )
            )
        if verdict == "inconclusive":
            lines.append(self.tr("Sent to the review queue: a second appraiser decides blind."))
        self.details.setText("\n".join(lines))
        self.show_report(outcome)
        self.next_button.setFocus()

    def report_pending(self) -> None:
        """The PDF takes seconds after the label: say it is coming, and keep saying it."""
        self._report_busy(True)

    def _report_busy(self, busy: bool) -> None:
        self.report_busy.setVisible(busy)
        self.report_status.setVisible(busy)
        self.report_status.setText(self.tr("Writing the appraisal report…") if busy else "")

    def show_report(self, result: dict, uid: str | None = None) -> None:
        """The report line, once the PDF exists (it is written after the label shows)."""
        if uid is not None and uid != self.uid:
            return  # the report of a case no longer shown
        self._report_busy(False)
        if result.get("report") and result["report"] != self.report:
            self.report = result["report"]
            self.report_button.show()
            text = self.tr("Appraisal report: {0}").format(self.report)
            self.details.setText("\n".join(filter(None, [self.details.text(), text])))
        elif result.get("report_error"):
            text = self.tr("The report could not be written: {0}").format(result["report_error"])
            self.details.setText("\n".join(filter(None, [self.details.text(), text])))

    def _open_report(self) -> None:
        if self.report:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.report))
