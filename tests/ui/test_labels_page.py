"""The Labels page: issue, preview, print through QPrinter (to a PDF file here), confirm
applied by scanning, reprint with a supervisor's password, and the clone list."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from support.tools import require

from appraiser.clock import format_local
from appraiser.domain.enums import Category, Verdict
from appraiser.labels import layouts
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.services.labelling import label_printing, label_verify, labels
from appraiser.services.labelling.label_printing import PrintResult
from ui.context import AppContext
from ui.pages.labels_page import LabelsPage


def _genuine(station: Station, session: Session, password: str, lot: str = "L1") -> str:
    store = station.store
    item = appraisals.register_item(
        store, session, gtin="4006381333931", brand="Gucci", model="GG Marmont", batch_lot=lot
    )
    uid = appraisals.start(store, session, "BW-01", item, Category.BAGS, station.settings.tz())
    appraisals.sign_verdict(store, session, uid, Verdict.GENUINE, password)
    return uid


def _mark_printed(station: Station, session: Session, serial: str) -> None:
    job, compact = label_printing.start_job(
        station, session, [serial], label_printing.Target("system"), "50x30", "raster"
    )
    label_printing.record_printed(station, session, job, compact)


@pytest.fixture
def page(qtbot, ctx: AppContext, appraiser_session: Session) -> LabelsPage:
    """Signed in as the appraiser who signs the verdicts and issues their labels (admins do
    no casework, DESIGN §3.4)."""
    ctx.set_session(appraiser_session)
    widget = LabelsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 860)
    widget.show()
    return widget


def _refresh(qtbot, page: LabelsPage, rows: int) -> None:
    page.activated()
    qtbot.waitUntil(lambda: page.model.rowCount() == rows, timeout=10000)


def test_issue_preview_and_print_to_pdf(
    qtbot, page, appraiser_session, password, tmp_path: Path, poppler: None
) -> None:
    uid = _genuine(page.ctx.station, appraiser_session, password)
    page.activated()
    qtbot.waitUntil(lambda: page.awaiting.count() == 1, timeout=10000)
    with qtbot.waitSignal(page.ctx.records_changed, timeout=10000):
        page.issue_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    label = labels.live_label(page.ctx.station.store, uid)
    assert page.selected_serials() == [label.serial]
    qtbot.waitUntil(
        lambda: (
            page.preview.image.pixmap() is not None and not page.preview.image.pixmap().isNull()
        ),
        timeout=10000,
    )
    page.print_selected()
    dialog = page.print_dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("system"))
    dialog.stock.setCurrentIndex(dialog.stock.findData("62x29"))
    out = tmp_path / "printed.pdf"
    dialog.printer.setOutputFormat(dialog.printer.OutputFormat.PdfFormat)
    dialog.printer.setOutputFileName(str(out))
    with qtbot.waitSignal(dialog.finished_printing, timeout=20000) as blocker:
        dialog.print_now()
    result = blocker.args[0]
    assert result.complete and result.printed == [label.serial]
    assert labels.state_of(page.ctx.station.store, label.serial) == "printed"
    assert dialog.list.item(0).text().startswith("✔")
    assert page.ctx.health["printer"].ok is True
    _check_pdf(out, "62x29", label.payload, tmp_path)
    dialog.close()


@pytest.fixture(scope="session")
def poppler() -> None:
    """pdfinfo/pdftoppm read the printed PDF back (bootstrap's test tools install them)."""
    require("pdfinfo")
    require("pdftoppm")


def _check_pdf(path: Path, stock: str, payload: str, tmp_path: Path) -> None:
    pdfinfo, pdftoppm = shutil.which("pdfinfo"), shutil.which("pdftoppm")
    assert pdfinfo and pdftoppm
    info = subprocess.run(
        [pdfinfo, str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    layout = layouts.load(stock)
    width, height = (float(v) for v in info.split("Page size:")[1].split("pts")[0].split("x"))
    assert width == pytest.approx(layout.size_pt[0], abs=1)
    assert height == pytest.approx(layout.size_pt[1], abs=1)
    subprocess.run(
        [pdftoppm, "-r", "203", "-png", "-singlefile", str(path), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [r.text for r in found] == [payload]


def test_printed_label_cannot_be_printed_again(qtbot, page, appraiser_session, password) -> None:
    uid = _genuine(page.ctx.station, appraiser_session, password)
    label = labels.issue(page.ctx.station, appraiser_session, uid)
    _mark_printed(page.ctx.station, appraiser_session, label.serial)
    _refresh(qtbot, page, 1)
    page.print_selected()
    dialog = page.print_dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("tcp9100"))
    dialog.printer_name.setCurrentText("127.0.0.1:1")
    dialog.print_now()
    qtbot.waitUntil(lambda: "Nothing was printed" in dialog.status.text(), timeout=10000)
    assert "prints once" in dialog.status.text()
    dialog.close()


def test_partial_batch_marks_which_labels_printed(qtbot, page, appraiser_session, password) -> None:
    serials = [
        labels.issue(
            page.ctx.station,
            appraiser_session,
            _genuine(page.ctx.station, appraiser_session, password),
        ).serial
        for _ in range(3)
    ]
    _refresh(qtbot, page, 3)
    dialog = page._open_print(serials)
    dialog._done(
        PrintResult(
            1,
            printed=serials[:1],
            not_printed=serials[1:],
            error="The printer went away after 1 of 3 labels.",
        )
    )
    marks = [dialog.list.item(i).text()[0] for i in range(3)]
    assert marks == ["✔", "✘", "✘"]
    assert "1 printed, 2 not printed" in dialog.status.text()
    assert dialog.serials == serials[1:]
    assert page.ctx.health["printer"].ok is False
    dialog.close()


def test_confirm_applied_by_scanning(qtbot, page, appraiser_session, password) -> None:
    label = labels.issue(
        page.ctx.station, appraiser_session, _genuine(page.ctx.station, appraiser_session, password)
    )
    _mark_printed(page.ctx.station, appraiser_session, label.serial)
    _refresh(qtbot, page, 1)
    page.scan.setText(label.payload)
    page.confirm_applied()
    qtbot.waitUntil(lambda: "confirmed" in page.message.text(), timeout=10000)
    assert labels.state_of(page.ctx.station.store, label.serial) == "applied"


def test_reprint_with_supervisor_password(
    qtbot, page, appraiser_session, supervisor, password
) -> None:
    uid = _genuine(page.ctx.station, appraiser_session, password)
    old = labels.issue(page.ctx.station, appraiser_session, uid)
    _refresh(qtbot, page, 1)
    dialog = page.open_reprint("reprint")
    dialog.submit()
    assert dialog.error.text() == "Give a reason."
    dialog.reason.setCurrentText("Label damaged while applying")
    dialog.supervisor.setText("supervisor")
    dialog.password.setText("wrong-password")
    dialog.submit()
    qtbot.waitUntil(lambda: "wrong password" in dialog.error.text(), timeout=10000)
    dialog.password.setText(password)
    with qtbot.waitSignal(dialog.done_with, timeout=10000) as blocker:
        dialog.submit()
    new = blocker.args[0]
    assert new.serial != old.serial
    assert labels.state_of(page.ctx.station.store, old.serial) == "voided"
    event = labels.history(page.ctx.station.store, old.serial)[-1]
    assert event["approved_by_user"] == "supervisor"
    _refresh(qtbot, page, 2)


def test_clone_flags_listed_for_supervisors(
    qtbot, page, appraiser_session, supervisor, password
) -> None:
    uid = _genuine(page.ctx.station, appraiser_session, password)
    label = labels.issue(page.ctx.station, appraiser_session, uid)
    assert not page.flags.isVisibleTo(page)
    page.ctx.set_session(supervisor)
    for _ in range(2):
        label_verify.record_scan(
            page.ctx.station, appraiser_session, label.payload, purpose="outbound"
        )
    _refresh(qtbot, page, 1)
    qtbot.waitUntil(lambda: page.flag_model.rowCount() == 1, timeout=10000)
    assert page.flags.isVisible()
    assert "outbound more than once" in page.flag_model.index(0, 1).data()


def test_print_preview_paints_one_page_per_label(
    qtbot, page, appraiser_session, password, monkeypatch
) -> None:
    import ui.dialogs.print_labels as module

    serials = [
        labels.issue(
            page.ctx.station,
            appraiser_session,
            _genuine(page.ctx.station, appraiser_session, password),
        ).serial
        for _ in range(2)
    ]
    painted: list[list[str]] = []
    real = module.paint_labels

    def spy(printer, station, chosen, stock, **how):
        painted.append(list(chosen))
        assert how == {"preview": True}  # QR codes that verify nothing (issue 14 finding 3)
        real(printer, station, chosen, stock, **how)

    monkeypatch.setattr(module, "paint_labels", spy)
    _refresh(qtbot, page, 2)
    dialog = page._open_print(serials)
    dialog.open_preview()
    qtbot.waitUntil(lambda: bool(painted), timeout=10000)
    assert painted[0] == serials
    preview = dialog.preview_dialog
    assert preview.isVisible()
    preview.close()
    dialog.close()


def test_issued_and_history_times_are_the_stations_wall_clock(
    qtbot, page, appraiser_session, password
):
    label = labels.issue(
        page.ctx.station, appraiser_session, _genuine(page.ctx.station, appraiser_session, password)
    )
    _refresh(qtbot, page, 1)
    created = labels.get(page.ctx.station.store, label.serial)["created"]
    column = [page.model.column_key(c) for c in range(page.model.columnCount())].index("created")
    header = page.model.headerData(column, Qt.Orientation.Horizontal)
    shown = page.model.index(0, column).data()
    assert "UTC" not in header
    assert shown == format_local(created, page.ctx.settings.tz())  # 2026-12-06 05:04
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", shown)
    qtbot.waitUntil(lambda: format_local(created, page.ctx.settings.tz()) in page.history.text())
