"""Set-up wizard: the bench camera (with a live preview) and the label printer (test print).

The preview comes from the capture area's ``CameraController`` (its own thread); the
camera is opened when the page is shown and released when the page is left. The test
label is drawn by the core and printed off the UI thread, through Qt for a system printer
(a name ending in ``.pdf`` writes a PDF file instead) or as ZPL for a thermal printer.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from appraiser.capture.sources import list_cameras
from appraiser.config import Settings
from appraiser.errors import KnownError, PrinterError
from appraiser.labels import layouts, png
from appraiser.services.admin import setup
from ui import vocabulary
from ui.camera_thread import CameraController
from ui.dialogs.print_labels import prepare_printer
from ui.tasks import run_task
from ui.widgets.video_player import ImageView


class CameraPage(QWizardPage):
    def __init__(self, base: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraPage")
        self.setTitle(self.tr("Camera"))
        self.setSubTitle(
            self.tr("Choose the bench camera and check the picture: goods are photographed "
                    "and recorded with it. The simulated camera needs no hardware.")
        )  # fmt: skip
        self.camera = CameraController(self)
        self.active = False
        self.choice = QComboBox(objectName="cameraChoice")
        self.choice.addItem(self.tr("Automatic (first camera found)"), "auto")
        self.choice.addItem(self.tr("Simulated camera (training, no hardware)"), "simulated")
        self._select(base.camera)
        self.preview = ImageView()
        self.preview.setObjectName("cameraPreview")
        self.preview.setMinimumSize(480, 270)
        self.status = QLabel(objectName="cameraStatus", wordWrap=True)
        form = QFormLayout()
        form.addRow(self.tr("Camera"), self.choice)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        self.camera.frameReady.connect(self.preview.set_image)
        self.camera.cameraOpened.connect(self._opened)
        self.camera.cameraFailed.connect(self._failed)
        self.camera.cameraLost.connect(lambda _why: self.status.setText(self.tr("Camera lost.")))
        self.choice.currentIndexChanged.connect(lambda _i: self.start())
        run_task(self, list_cameras, on_success=self._found)

    def _select(self, spec: str) -> None:
        index = self.choice.findData(spec)
        if index < 0:
            self.choice.addItem(spec, spec)
            index = self.choice.count() - 1
        self.choice.setCurrentIndex(index)

    def _found(self, cameras: list) -> None:
        for info in cameras:
            if self.choice.findData(info.spec) < 0:
                self.choice.addItem(f"{vocabulary.camera_name(info.name)} ({info.spec})", info.spec)

    def spec(self) -> str:
        return str(self.choice.currentData())

    def start(self) -> None:
        """(Re)open the chosen camera, but only while this page is the one shown."""
        if self.active:
            self.status.setText(self.tr("Opening the camera…"))
            self.camera.start(self.spec())

    def _opened(self, name: str) -> None:
        self.status.setText(
            self.tr("Camera ready: {name}").format(name=vocabulary.camera_name(name))
        )

    def _failed(self, exc: object) -> None:
        message = exc.message if isinstance(exc, KnownError) else str(exc)
        self.status.setText(self.tr("The camera did not open: {reason}").format(reason=message))

    def initializePage(self) -> None:
        self.active = True
        self.start()

    def release(self) -> None:
        self.active = False
        self.camera.stop()

    def cleanupPage(self) -> None:
        self.release()

    def validatePage(self) -> bool:
        self.release()
        return True


def paint_test_label(printer: QPrinter, settings: Settings) -> str:
    """Worker side of a system-printer test print: one page with the test label raster."""
    layout = layouts.load(settings.label_stock)
    dpi = max(203, min(printer.resolution(), 600))
    image = png.render(layout, setup.print_check_label(settings), dpi)
    qimage = QImage(image.tobytes(), image.width, image.height, image.width,
                    QImage.Format.Format_Grayscale8).copy()  # fmt: skip
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterError("The printer could not start the job.")
    try:
        target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
        target.moveTo(0, 0)
        painter.drawImage(target, qimage)
    finally:
        painter.end()
    return printer.outputFileName() or printer.printerName() or "default"


def check_label_png(settings: Settings) -> bytes:
    return png.render_png(
        layouts.load(settings.label_stock), setup.print_check_label(settings), 203
    )


class PrinterPage(QWizardPage):
    KINDS = ("system", "cups-raw", "tcp9100")

    def __init__(self, base: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base = base
        self.setObjectName("printerPage")
        self.setTitle(self.tr("Label printer"))
        self.setSubTitle(self.tr("Choose the printer and the label stock, then print a test "
                                 "label to check size and position."))  # fmt: skip
        self.kind = QComboBox(objectName="printerKind")
        for code, label in zip(self.KINDS, self._kind_names(), strict=True):
            self.kind.addItem(label, code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(base.printer_kind)))
        self.printer = QComboBox(objectName="printerName", editable=True)
        self.stock = QComboBox(objectName="labelStock")
        self.stock.addItems(layouts.available())
        self.stock.setCurrentText(base.label_stock)
        self.preview = QLabel(objectName="testLabelPreview")
        self.test_button = QPushButton(self.tr("Print test label"), objectName="testPrint")
        self.status = QLabel(objectName="printStatus", wordWrap=True)
        form = QFormLayout()
        form.addRow(self.tr("Printer kind"), self.kind)
        form.addRow(self.tr("Printer"), self.printer)
        form.addRow(self.tr("Label stock"), self.stock)
        form.addRow(self.tr("Test label"), self.preview)
        form.addRow("", self.test_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.stock.currentIndexChanged.connect(lambda _i: self.refresh_preview())
        self.test_button.clicked.connect(self.print_test)
        self._kind_changed()
        self.printer.setCurrentText(base.printer)

    def _kind_names(self) -> tuple[str, ...]:
        return (
            self.tr("System printer"),
            self.tr("Thermal printer, CUPS raw queue (ZPL)"),
            self.tr("Thermal printer on the network (ZPL, port 9100)"),
        )

    def _kind_changed(self) -> None:
        self.printer.clear()
        kind = self.kind.currentData()
        if kind == "system":
            self.printer.addItems(QPrinterInfo.availablePrinterNames())
            self.printer.lineEdit().setPlaceholderText(self.tr("system default printer"))
        else:
            hint = "192.168.1.50:9100" if kind == "tcp9100" else self.tr("CUPS queue name")
            self.printer.lineEdit().setPlaceholderText(hint)
        self.printer.setCurrentText("")

    def settings(self, base: Settings) -> Settings:
        return replace(
            base,
            printer_kind=str(self.kind.currentData()),
            printer=self.printer.currentText().strip(),
            label_stock=self.stock.currentText(),
        )

    def initializePage(self) -> None:
        self.refresh_preview()

    def _current(self) -> Settings:
        wizard = self.wizard()
        base = wizard.answers_so_far() if wizard is not None else self.base
        return self.settings(base)

    def refresh_preview(self) -> None:
        run_task(self, check_label_png, self._current(), on_success=self._show_preview)

    def _show_preview(self, data: bytes) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self.preview.setPixmap(pixmap)

    def print_test(self) -> None:
        settings = self._current()
        self.test_button.setEnabled(False)
        self.status.setText(self.tr("Printing a test label…"))
        if settings.printer_kind == "system":
            printer = self._qprinter(settings)
            run_task(self, paint_test_label, printer, settings,
                     on_success=self._printed, on_failure=self._failed)  # fmt: skip
            self._printer = printer  # kept alive until the worker is done
        else:
            run_task(self, setup.send_print_check, settings,
                     on_success=self._printed, on_failure=self._failed)  # fmt: skip

    def _qprinter(self, settings: Settings) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if settings.printer.lower().endswith(".pdf"):
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(Path(settings.printer).expanduser()))
        elif settings.printer:
            printer.setPrinterName(settings.printer)
        prepare_printer(printer, layouts.load(settings.label_stock))
        return printer

    def _printed(self, where: str) -> None:
        self.test_button.setEnabled(True)
        text = self.tr("Test label sent ({where}). Check that it sits straight on the label "
                       "and that the QR code scans.")  # fmt: skip
        self.status.setText(text.format(where=where))

    def _failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        if not isinstance(exc, KnownError):
            raise exc
        self.status.setText(self.tr("Test print failed: {reason}").format(reason=exc.message))
