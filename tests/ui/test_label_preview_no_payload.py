"""On-screen label previews are no labels (issue 14 finding 3): the Labels page's preview
and the print dialog's print preview showed the live label's signed QR, enlarged — a phone
photo of the screen, or the print button of Qt's print preview (which prints without any
job record), made a working label that no print job recorded. Previews now carry a QR of
the same size that points at a "not a label" address; only a recorded print carries the
payload. Judged by reading the screen's pixels with zxing-cpp."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QWidget

from appraiser.domain.enums import Category, Verdict
from appraiser.labels import qr
from appraiser.services.admin.accounts import Session
from appraiser.services.casework import appraisals
from appraiser.services.labelling import labels
from ui.context import AppContext
from ui.pages.labels_page import LabelsPage


@pytest.fixture
def page(qtbot, ctx: AppContext, appraiser_session: Session) -> LabelsPage:
    ctx.set_session(appraiser_session)
    widget = LabelsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 860)
    widget.show()
    return widget


def _issued(page: LabelsPage, session: Session, password: str) -> labels.LabelInfo:
    store = page.ctx.station.store
    item = appraisals.register_item(
        store, session, gtin="4006381333931", brand="Gucci", model="GG Marmont", batch_lot="L1"
    )
    uid = appraisals.start(
        store, session, "BW-01", item, Category.BAGS, page.ctx.station.settings.tz()
    )
    appraisals.sign_verdict(store, session, uid, Verdict.GENUINE, password)
    return labels.issue(page.ctx.station, session, uid)


def _codes(widget: QWidget) -> list[str]:
    """What a phone would read off the widget as it is on screen."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine()
    )[:, : image.width()]
    return [found.text for found in zxingcpp.read_barcodes(pixels.copy())]


def _click_row(qtbot, page: LabelsPage, row: int) -> None:
    table = page.table
    rect = table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_labels_page_preview_shows_no_working_qr(
    qtbot, page, appraiser_session, password
) -> None:
    """issue 14 finding 3: the preview's QR decoded to the signed payload."""
    label = _issued(page, appraiser_session, password)
    # the page selects the newest label as it loads, so its preview renders then: waiting
    # for a click's render instead raced (the click re-selects the same row, no new render)
    with qtbot.waitSignal(page.preview.rendered, timeout=10000):
        page.activated()
    assert page.model.rowCount() == 1 and page.preview.serial == label.serial
    codes = _codes(page.preview.image)
    assert codes, "the preview should still show a QR where the label has one"
    assert label.payload not in codes and not [c for c in codes if "s=" in c], codes
    assert all("/preview-not-a-label/" in c and label.serial not in c for c in codes)
    real, shown = qr.matrix(label.payload), qr.matrix(codes[0])
    assert shown.shape == real.shape  # same symbol size: the preview keeps its fidelity


def test_the_print_preview_paints_no_working_qr(qtbot, page, appraiser_session, password) -> None:
    """issue 14 finding 3: Qt's print preview painted the real labels, and its own print
    button prints them with no job record."""
    label = _issued(page, appraiser_session, password)
    page.activated()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    _click_row(qtbot, page, 0)
    page.print_selected()
    dialog = page.print_dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("system"))
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    preview = dialog.preview_dialog
    qtbot.waitUntil(preview.isVisible, timeout=10000)
    widget = preview.findChild(QPrintPreviewWidget)
    widget.resize(1200, 900)
    widget.fitToWidth()
    qtbot.waitUntil(lambda: bool(_codes(widget)), timeout=10000)
    codes = _codes(widget)
    assert label.payload not in codes and all("/preview-not-a-label/" in c for c in codes)
    preview.close()
    dialog.close()
    assert labels.state_of(page.ctx.station.store, label.serial) == "issued"  # nothing printed
