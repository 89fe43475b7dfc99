"""Print labels: system printers through QPrinter (raster pages at printer resolution,
spooled as a PDF through ``lp`` so that a refused job is known) or thermal printers as
native ZPL (CUPS raw queue or TCP 9100); preview, then one job.

All printing runs off the UI thread (Qt allows painting on a QPrinter in a worker); the
core records each label as printed as soon as the printer has it, and the result list
shows which labels printed when a printer disappears in the middle of a batch.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QMarginsF, QObject, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from appraiser.errors import KnownError, PrinterError
from appraiser.labels import ids, layouts, png, printing
from appraiser.labels.content import preview_of
from appraiser.labels.printing import Target
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.labelling import label_printing, labels
from appraiser.services.labelling.label_printing import PrintResult
from ui import tasks
from ui.tasks import run_task
from ui.widgets.appraisal_text import tr_core
from ui.widgets.label_preview import LabelPreview

RASTER_DPI_CAP = 600  # label printers top out at 600 dpi; more only makes bigger jobs


def page_size(layout: layouts.Layout) -> QPageSize:
    return QPageSize(
        QSizeF(layout.width_mm, layout.height_mm),
        QPageSize.Unit.Millimeter,
        layout.title,
        QPageSize.SizeMatchPolicy.ExactMatch,
    )


def prepare_printer(printer: QPrinter, layout: layouts.Layout) -> None:
    """Exact label size, no margins: the layout already keeps clear of the edges."""
    printer.setPageLayout(
        QPageLayout(
            page_size(layout),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    printer.setFullPage(True)
    printer.setDocName("appraiser labels")


def paint_labels(
    printer: QPrinter, station: Station, serials: list[str], stock: str, *, preview: bool = False
) -> None:
    """One page per label; each a raster at the printer's resolution (capped). A
    ``preview`` (Qt's print preview, whose own print button records no job) gets QR codes
    that verify nothing (``preview_of``); only the recorded job paints the payload."""
    layout = layouts.load(stock)
    dpi = max(203, min(printer.resolution(), RASTER_DPI_CAP))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterError("The printer could not start the job.")
    try:
        for index, serial in enumerate(serials):
            if index:
                printer.newPage()
            content = labels.content(station, serial)
            image = png.render(layout, preview_of(content) if preview else content, dpi)
            qimage = QImage(
                image.tobytes(),
                image.width,
                image.height,
                image.width,
                QImage.Format.Format_Grayscale8,
            ).copy()
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            target.moveTo(0, 0)
            painter.drawImage(target, qimage)
    finally:
        painter.end()


def print_with_qprinter(
    station: Station, session: Session, printer: QPrinter, serials: list[str], stock: str
) -> PrintResult:
    """Worker side of the system-printer path: job record, pages, printed records."""
    target = Target("system", printer.printerName() or printer.outputFileName())
    job, compact = label_printing.start_job(station, session, serials, target, stock, "raster")
    result = PrintResult(job)
    try:
        result.spool_id = _deliver(printer, station, compact, stock)
    except PrinterError as exc:
        result.error, result.not_printed = exc.message, compact
        label_printing.finish_job(station, session, result)
        raise
    label_printing.record_printed(station, session, job, compact)
    result.printed = compact
    return label_printing.finish_job(station, session, result)


def _deliver(printer: QPrinter, station: Station, serials: list[str], stock: str) -> str:
    """Print to a file through Qt, to a CUPS queue as a PDF through ``lp``; returns the
    CUPS job id. Qt's CUPS engine hands its file to CUPS and never says whether CUPS took
    it, so a queue that refused the job was recorded as printed; ``lp`` reports the
    refusal (and a stopped queue is refused up front) and gives the id of a job it took."""
    if printer.outputFileName():
        paint_labels(printer, station, serials, stock)
        return ""
    layout = layouts.load(stock)
    with tempfile.TemporaryDirectory(prefix="appraiser-labels-") as folder:
        path = Path(folder) / "labels.pdf"
        document = QPrinter(QPrinter.PrinterMode.HighResolution)
        document.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        document.setOutputFileName(str(path))
        document.setResolution(printer.resolution())
        prepare_printer(document, layout)
        paint_labels(document, station, serials, stock)
        data = path.read_bytes()
    return printing.send_pdf(
        printer.printerName(), data, width_mm=layout.width_mm, height_mm=layout.height_mm
    )


def _open(dialog: QDialog) -> None:
    """``QDialog.open()`` (window modal, returns at once): PySide binds only the
    ``open(receiver, member)`` overload on the print dialogs, so call the base's."""
    QDialog.open(dialog)


class _Progress(QObject):
    """Lives on the UI thread; the worker calls ``report`` and the signal arrives queued."""

    advanced = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        self.advanced.emit(done, total)


class PrintLabelsDialog(QDialog):
    finished_printing = Signal(object)  # PrintResult
    printer_health = Signal(bool, str)  # ok, what to show in the status bar

    KINDS = (
        ("system", QT_TRANSLATE_NOOP("PrintLabelsDialog", "System printer (PDF path)")),
        ("cups-raw", QT_TRANSLATE_NOOP("PrintLabelsDialog", "Thermal printer, CUPS (ZPL)")),
        (
            "tcp9100",
            QT_TRANSLATE_NOOP("PrintLabelsDialog", "Network thermal printer, port 9100 (ZPL)"),
        ),
    )

    def __init__(
        self, station: Station, session: Session, serials: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.station, self.session = station, session
        self.serials = [ids.normalise(s) for s in serials]
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.result: PrintResult | None = None
        self.setObjectName("printLabelsDialog")
        self.setWindowTitle(self.tr("Print labels"))
        self._progress = _Progress(self)
        self._progress.advanced.connect(self._advanced)
        self._build()
        self._kind_changed()
        self.preview.show_label(self.serials[0], self.stock.currentData())

    def _build(self) -> None:
        heading = QLabel(
            self.tr("Labels to print: {0}").format(len(self.serials)), objectName="dialogHeading"
        )
        self.kind = QComboBox(objectName="printerKind")
        for key, text in self.KINDS:
            self.kind.addItem(self.tr(text), key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(self.station.settings.printer_kind)))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.printer_name = QComboBox(objectName="printerName", editable=True)
        self.stock = QComboBox(objectName="labelStock")
        for key in layouts.available():
            self.stock.addItem(layouts.load(key).title, key)
        self.stock.setCurrentIndex(max(0, self.stock.findData(self.station.settings.label_stock)))
        self.stock.currentIndexChanged.connect(
            lambda: self.preview.show_label(self.serials[0], self.stock.currentData())
        )
        self.dpi = QComboBox(objectName="printerDpi")
        self.dpi.addItem("203 dpi", 203)
        self.dpi.addItem("300 dpi", 300)
        form = QFormLayout()
        form.addRow(self.tr("Printer type"), self.kind)
        form.addRow(self.tr("Printer"), self.printer_name)
        form.addRow(self.tr("Label stock"), self.stock)
        self.dpi_label = QLabel(self.tr("Resolution"))
        form.addRow(self.dpi_label, self.dpi)
        self.preview = LabelPreview(self.station, self)
        self.preview.setMinimumSize(420, 260)
        self.list = QListWidget(objectName="printList")
        for serial in self.serials:
            self.list.addItem(QListWidgetItem(ids.group(serial)))
        self.status = QLabel(objectName="printStatus", wordWrap=True)
        self.bar = QProgressBar(objectName="printProgress", maximum=len(self.serials))
        self.bar.hide()
        self._buttons()
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(QLabel(self.tr("Labels in this job")))
        left.addWidget(self.list, 1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.preview, 2)
        box = QVBoxLayout(self)
        box.addWidget(heading)
        box.addLayout(body, 1)
        box.addWidget(self.bar)
        box.addWidget(self.status)
        box.addWidget(self.buttons)

    def _buttons(self) -> None:
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton(self.tr("Print"), objectName="printButton")
        self.print_button.setDefault(True)
        self.preview_button = QPushButton(self.tr("Print preview…"), objectName="previewButton")
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.start_printing)
        self.preview_button.clicked.connect(self.open_preview)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.printer_name.clear()
        if kind == "tcp9100":
            self.printer_name.setPlaceholderText(self.tr("host or host:port"))
        else:
            self.printer_name.addItems(QPrinterInfo.availablePrinterNames())
            self.printer_name.setPlaceholderText(self.tr("default printer"))
        if self.station.settings.printer and self.station.settings.printer_kind == kind:
            self.printer_name.setCurrentText(self.station.settings.printer)
        zpl = kind != "system"
        self.dpi.setVisible(zpl)
        self.dpi_label.setVisible(zpl)
        self.preview_button.setEnabled(not zpl)

    def target(self) -> Target:
        return Target(self.kind.currentData(), self.printer_name.currentText().strip())

    def open_preview(self) -> None:
        prepare_printer(self.printer, layouts.load(self.stock.currentData()))
        dialog = QPrintPreviewDialog(self.printer, self)
        dialog.setObjectName("labelPrintPreview")
        dialog.paintRequested.connect(
            lambda printer: paint_labels(
                printer, self.station, self.serials, self.stock.currentData(), preview=True
            )
        )
        _open(dialog)
        self.preview_dialog = dialog

    def start_printing(self) -> None:
        if self.kind.currentData() == "system":
            prepare_printer(self.printer, layouts.load(self.stock.currentData()))
            name = self.printer_name.currentText().strip()
            if name:
                self.printer.setPrinterName(name)
            dialog = QPrintDialog(self.printer, self)
            dialog.setObjectName("labelPrintDialog")
            dialog.accepted.connect(self.print_now)
            _open(dialog)
            self.print_dialog = dialog
        else:
            self.print_now()

    def print_now(self) -> None:
        """Hand the job to a worker; ``finished_printing`` carries the result."""
        self._busy(True)
        stock = self.stock.currentData()
        if self.kind.currentData() == "system":
            prepare_printer(self.printer, layouts.load(stock))
            run_task(
                self,
                print_with_qprinter,
                self.station,
                self.session,
                self.printer,
                self.serials,
                stock,
                on_success=self._done,
                on_failure=self._failed,
                db_write=True,
            )
        else:
            run_task(
                self,
                label_printing.print_labels,
                self.station,
                self.session,
                self.serials,
                self.target(),
                stock,
                self.dpi.currentData(),
                self._progress.report,
                on_success=self._done,
                on_failure=self._failed,
                db_write=True,
            )

    def _busy(self, busy: bool) -> None:
        self.print_button.setEnabled(not busy)
        self.kind.setEnabled(not busy)
        self.bar.setVisible(busy)
        self.bar.setValue(0)
        self.status.setText(self.tr("Printing…") if busy else "")

    def _advanced(self, done: int, total: int) -> None:
        self.bar.setMaximum(total)
        self.bar.setValue(done)

    def _done(self, result: PrintResult) -> None:
        self._busy(False)
        self.result = result
        self._mark(result)
        if result.complete:
            self.status.setText(self.tr("All labels printed ({0}).").format(len(result.printed)))
            self.print_button.setEnabled(False)
        else:
            self.status.setText(
                self.tr(
                    "The printer stopped: {0} printed, {1} not printed. {2}\nLabels not printed "
                    "stay ready; print them again once the printer is back."
                ).format(len(result.printed), len(result.not_printed), result.error or "")
            )
            self.serials = list(result.not_printed)
        self.finished_printing.emit(result)
        self.printer_health.emit(result.complete, result.error or self.target().describe())

    def _mark(self, result: PrintResult) -> None:
        marks = {
            **dict.fromkeys(result.printed, "✔"),
            **dict.fromkeys(result.uncertain, "?"),
            **dict.fromkeys(result.not_printed, "✘"),
        }
        for row in range(self.list.count()):
            item = self.list.item(row)
            serial = ids.normalise(item.text().split()[-1])
            mark = marks.get(serial)
            if mark:
                item.setText(f"{mark}  {ids.group(serial)}")
                item.setData(Qt.ItemDataRole.UserRole, mark)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, KnownError):  # shown in place; the labels stay ready to print
            why = tr_core(exc.message, self.station.settings.tz())  # zh_CN too (issue 14)
            self.status.setText(self.tr("Nothing was printed: {0}").format(why))
            if isinstance(exc, PrinterError):
                self.printer_health.emit(False, exc.message)
        else:
            tasks.runner().default_failure(self, exc)
