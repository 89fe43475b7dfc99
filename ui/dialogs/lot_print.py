"""Print every unit label of an accepted lot: progress, cancel, a clear printer error, resume.

The work is ``unit_print.print_lot`` on a worker (``run_task``); the bar moves through a
relay whose signal is delivered on the UI thread. Cancel stops between jobs; a printer
fault ends the run with its reason shown, and "Resume" starts the same call again, which
settles the failed job (its units get fresh serials) and prints the rest — no serial twice,
no unit skipped. With the station's printer the work runs in a child process (the CLI,
through a one-time hand-off: ``unit_print_child``), so the UI thread never competes for the
interpreter lock; an injected ``sender`` (tests) runs on the worker thread itself. Not
``db_write``: a 60,000-label run would hold the one writer for minutes.

Slice L6 opens it from the Lots page::

    LotPrintDialog(station, session, lot_uid, parent=None, sender=None).open()

``sender`` (a ``unit_print.Sender``) defaults to the station's printer from its settings.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from appraiser.labels import layouts
from appraiser.labels.printing import Target
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.lots import unit_labels, unit_print, unit_print_child
from ui.tasks import run_task

KINDS = ("cups-raw", "system", "cups-pdf")


class _Relay(QObject):
    """Created on the UI thread; a worker's emit is delivered there (queued)."""

    moved = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        if isValid(self):
            self.moved.emit(done, total)


class LotPrintDialog(QDialog):
    def __init__(
        self,
        station: Station,
        session: Session,
        lot_uid: str,
        parent: QWidget | None = None,
        sender: unit_print.Sender | None = None,
    ) -> None:
        super().__init__(parent)
        self.station, self.session, self.lot_uid = station, session, lot_uid
        self.sender = sender
        self.stop = threading.Event()
        self.stop_file: Path | None = None  # the child's Cancel
        self.result: unit_print.LotPrintResult | None = None
        self.relay = _Relay(self)
        self.relay.moved.connect(self._moved)
        self.setObjectName("lotPrintDialog")
        self.setWindowTitle(self.tr("Print unit labels"))
        self.setMinimumWidth(480)
        self._build()
        self._show_counts()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox(objectName="lotPrintKind")
        for kind, text in zip(KINDS, self._kind_names(), strict=True):
            self.kind.addItem(text, kind)
        settings = self.station.settings
        self.kind.setCurrentIndex(max(0, self.kind.findData(settings.printer_kind)))
        self.queue = QLineEdit(settings.printer or "", objectName="lotPrintQueue")
        form.addRow(self.tr("Printer"), self.kind)
        form.addRow(self.tr("CUPS queue"), self.queue)
        layout.addLayout(form)
        self.counts = QLabel(objectName="lotPrintCounts")
        self.bar = QProgressBar(objectName="lotPrintProgress")
        self.status = QLabel(objectName="lotPrintStatus", wordWrap=True)
        layout.addWidget(self.counts)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addLayout(self._buttons())

    def _kind_names(self) -> list[str]:
        return [
            self.tr("Thermal printer (ZPL, CUPS raw queue)"),
            self.tr("System printer (PDF)"),
            self.tr("PDF printer (cups-pdf)"),
        ]

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.start = QPushButton(self.tr("Print"), objectName="lotPrintStart")
        self.cancel = QPushButton(self.tr("Cancel"), objectName="lotPrintCancel")
        self.close_button = QPushButton(self.tr("Close"), objectName="lotPrintClose")
        self.cancel.setEnabled(False)
        self.start.clicked.connect(self._start)
        self.cancel.clicked.connect(self._cancel)
        self.close_button.clicked.connect(self.accept)
        for button in (self.start, self.cancel, self.close_button):
            row.addWidget(button)
        return row

    def _show_counts(self) -> None:
        run_task(self, unit_labels.summary, self.station.store, self.lot_uid,
                 on_success=self._counts_shown, on_failure=self._counts_failed)  # fmt: skip

    def _counts_failed(self, exc: BaseException) -> None:
        message = getattr(exc, "message", None) or str(exc)
        self.status.setText(self.tr("Nothing more was printed: {error}").format(error=message))

    def _counts_shown(self, summary: dict) -> None:
        printed = summary.get("printed", 0) + summary.get("applied", 0)
        text = self.tr("Lot {lot}: {printed} of {units} unit labels printed.").format(
            lot=self.lot_uid, printed=printed, units=summary["units"]
        )
        if summary.get("withheld"):
            text += " " + self.tr("{n} units withheld (no label).").format(n=summary["withheld"])
        self.counts.setText(text)
        self.bar.setRange(0, summary["units"])
        self.bar.setValue(printed)

    def _target(self) -> Target:
        return Target(self.kind.currentData(), self.queue.text().strip())

    def _make_sender(self) -> unit_print.Sender:
        """The injected sender, or a CUPS one (made here so a bad choice shows at once)."""
        if self.sender is not None:
            return self.sender
        layout = layouts.load(self.station.settings.label_stock)
        return unit_print.CupsSender(self._target(), layout, 203)

    def _start(self) -> None:
        self.stop.clear()
        self.start.setEnabled(False)
        self.cancel.setEnabled(True)
        self.close_button.setEnabled(False)
        self.status.setText(self.tr("Printing…"))
        try:
            sender = self._make_sender()
        except Exception as exc:  # a bad printer choice: say so, keep the dialog usable
            self._failed(exc)
            return
        if self.sender is None:  # the real printer: in a child process, the UI keeps its frames
            self.stop_file = Path(tempfile.mkdtemp(prefix="appraiser-lot-print-")) / "stop"
            run_task(self, unit_print_child.print_lot_in_child, self.station, self.session,
                     self.lot_uid, self._target(), stop_file=self.stop_file,
                     progress=self.relay.report, on_success=self._finished,
                     on_failure=self._failed)  # fmt: skip
            return
        run_task(self, unit_print.print_lot, self.station, self.session, self.lot_uid, sender,
                 progress=self.relay.report, cancelled=self.stop.is_set,
                 on_success=self._finished, on_failure=self._failed)  # fmt: skip

    def _cancel(self) -> None:
        self.stop.set()
        if self.stop_file is not None:
            self.stop_file.touch()
        self.cancel.setEnabled(False)
        self.status.setText(self.tr("Stopping after the job being printed…"))

    def _moved(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)

    def _finished(self, result: unit_print.LotPrintResult) -> None:
        self.result = result
        self._moved(result.printed, result.total)
        self._idle()
        self._show_counts()  # the run moved them: the line must not keep its opening figures
        if result.complete:
            self.status.setText(self.tr("All {n} unit labels are printed.").format(n=result.total))
            self.start.setEnabled(False)
            return
        if result.finished:  # what may print is printed; drawn units get no label (N3)
            self.status.setText(self._withheld_text(result))
            self.start.setEnabled(False)
            return
        self.start.setText(self.tr("Resume"))
        if result.cancelled:
            self.status.setText(self.tr("Stopped: {done} of {total} printed. Resume to go on.")
                                .format(done=result.printed, total=result.total))  # fmt: skip
            return
        self.status.setText(self._fault_text(result))

    def _withheld_text(self, result: unit_print.LotPrintResult) -> str:
        """'153 of 200 printed; 47 units get no label' with why, never 'all printed'."""
        text = self.tr(
            "{printed} of {total} unit labels printed. {held} units get no label and stay "
            "in quarantine:"
        ).format(printed=result.printed, total=result.total, held=len(result.withheld))
        for why, units in result.withheld_why().items():
            shown = ", ".join(str(unit) for unit in units[:10])
            if len(units) > 10:
                shown += self.tr(", and {n} more").format(n=len(units) - 10)
            text += "\n" + self.tr("{n} {why} (units {units})").format(
                n=len(units), why=self._why(why), units=shown
            )
        return text

    def _why(self, why: str) -> str:
        """The core's reason in the dialog's language."""
        words = {
            "drawn for inspection but not appraised": self.tr(
                "drawn for inspection but not appraised"
            ),
            "its appraisal is in blind review": self.tr("in blind review"),
            "drawn for inspection but its verdict is not signed": self.tr(
                "drawn for inspection, verdict not signed"
            ),
        }
        if why in words:
            return words[why]
        verdict = why.removeprefix("its own verdict is ")
        verdicts = {"counterfeit": self.tr("counterfeit"), "inconclusive": self.tr("inconclusive")}
        return self.tr("own verdict: {verdict}").format(verdict=verdicts.get(verdict, verdict))

    def _fault_text(self, result: unit_print.LotPrintResult) -> str:
        text = self.tr("The printer failed: {error}").format(error=result.error)
        for voided in result.voided:
            if voided["units"]:
                text += "\n" + self.tr(
                    "Discard any labels of job {job} that came out (units {first}–{last}): "
                    "they are void; those units get new labels."
                ).format(job=voided["job"], first=voided["units"][0], last=voided["units"][-1])
        return text + "\n" + self.tr("Fix the printer, then press Resume.")

    def _failed(self, exc: BaseException) -> None:
        self._idle()
        self._show_counts()  # a run that failed part-way may have printed some
        self.start.setText(self.tr("Resume"))
        message = getattr(exc, "message", None) or str(exc)
        self.status.setText(self.tr("Nothing more was printed: {error}").format(error=message))

    def _idle(self) -> None:
        self.start.setEnabled(True)
        self.cancel.setEnabled(False)
        self.close_button.setEnabled(True)
