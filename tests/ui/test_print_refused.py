"""A CUPS queue that refuses jobs (cupsreject + cupsdisable) prints nothing, whichever
printer type the bench picks in Labels → Print…: the dialog says so once and the label
stays issued, ready to print when the queue is back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from appraiser.domain.enums import Category, Verdict
from appraiser.services.casework import appraisals
from appraiser.services.labelling import labels
from tests.ui import bench_flow_support as flow
from ui.context import AppContext
from ui.dialogs.print_labels import PrintLabelsDialog
from ui.pages.labels_page import LabelsPage


@pytest.fixture
def refusing(cups_scheduler, cups_queue) -> Iterator[str]:
    """The test queue, refusing and stopped; accepting and running again afterwards."""
    for program in ("cupsreject", "cupsdisable"):
        assert cups_scheduler.run(program, cups_queue.name).returncode == 0
    yield cups_queue.name
    for program in ("cupsaccept", "cupsenable"):
        cups_scheduler.run(program, cups_queue.name)


@pytest.fixture
def page(qtbot, ctx: AppContext, appraiser_session) -> LabelsPage:
    """Signed in as the appraiser who signs and labels (admins do no casework, DESIGN §3.4)."""
    ctx.set_session(appraiser_session)
    widget = LabelsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 860)
    widget.show()
    return widget


def _issued_label(qtbot, page: LabelsPage, session, password: str) -> str:
    store = page.ctx.station.store
    item = appraisals.register_item(
        store, session, gtin="4006381333931", brand="Gucci", model="GG Marmont", batch_lot="R1"
    )
    uid = appraisals.start(
        store, session, "BW-01", item, Category.BAGS, page.ctx.station.settings.tz()
    )
    appraisals.sign_verdict(store, session, uid, Verdict.GENUINE, password)
    serial = labels.issue(page.ctx.station, session, uid).serial
    page.activated()
    qtbot.waitUntil(lambda: page.selected_serials() == [serial], timeout=10000)
    return serial


def _open_dialog(qtbot, page: LabelsPage) -> PrintLabelsDialog:
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.print_dialog.isVisible())
    return page.print_dialog


def _refused(qtbot, page: LabelsPage, dialog: PrintLabelsDialog, serial: str, queue) -> None:
    qtbot.waitUntil(lambda: "Nothing was printed" in dialog.status.text(), timeout=30000)
    assert dialog.status.text().count("Nothing was printed") == 1, dialog.status.text()
    assert "printed (" not in dialog.status.text()
    assert labels.state_of(page.ctx.station.store, serial) == "issued"
    assert not list(queue.output.glob("job_*"))
    dialog.close()


def test_system_printer_path_records_nothing_when_cups_refuses(
    qtbot, page, appraiser_session, password, cups_queue, refusing
) -> None:
    flow.cups_visible(cups_queue.name)
    serial = _issued_label(qtbot, page, appraiser_session, password)
    dialog = _open_dialog(qtbot, page)
    flow.print_to_queue(qtbot, dialog, refusing)
    _refused(qtbot, page, dialog, serial, cups_queue)


def test_zpl_cups_path_says_nothing_was_printed_once(
    qtbot, page, appraiser_session, password, cups_queue, refusing
) -> None:
    serial = _issued_label(qtbot, page, appraiser_session, password)
    dialog = _open_dialog(qtbot, page)
    flow.focus(qtbot, dialog.kind)
    while dialog.kind.currentData() != "cups-raw":
        before = dialog.kind.currentIndex()
        QTest.keyClick(dialog.kind, Qt.Key.Key_Down if before < 1 else Qt.Key.Key_Up)
        assert dialog.kind.currentIndex() != before
    flow.focus(qtbot, dialog.printer_name)
    flow.press(dialog.printer_name, "Ctrl+A")
    qtbot.keyClicks(dialog.printer_name, refusing)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    _refused(qtbot, page, dialog, serial, cups_queue)
