"""The Lots page's remaining actions in the real window, with real clicks and typing: print
a label for every unit of an accepted lot (the batch print dialog, to a private CUPS queue),
acknowledge a plausibility flag (a supervisor, a note required), save the lot report (a PDF
naming the lot), export the supplier scorecard (CSV and XLSX), and an appraiser who is
offered none of the supervisor's actions. The Product column names the line's item."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from appraiser.services.labelling import labels
from appraiser.services.lots import capacity, decisions, plausibility, unit_labels
from tests.ui import bench_flow_support as flow
from tests.ui import busy_station
from tests.ui.test_lots_page import _appraise_units, _cell, _lot, _lots_page, _scorecard
from ui.widgets.lot_table import LOT_COLUMNS, SCORE_COLUMNS

MERCHANT = "Shanghai Trading"


def _accepted_lot(station, appraiser_session, password, tmp_path, quantity=500) -> str:
    lot = _lot(station, appraiser_session, tmp_path, quantity=quantity)
    _appraise_units(station, appraiser_session, password, lot["uid"])
    decisions.decide(station, appraiser_session, password, lot["uid"])
    return lot["uid"]


def _flagged(station, supervisor, tmp_path, lot_uid: str) -> str:
    """A producer capacity below the lot's declared quantity, checked as intake checks."""
    table = tmp_path / "capacity.csv"
    table.write_text("producer,gtin,batch_size,annual_capacity\nMaison Lune,,,200\n")
    capacity.import_csv(station.store, supervisor, table)
    with station.store.atomic(supervisor.actor) as tx:
        (flag,) = plausibility.check_lot(tx, lot_uid)
    return flag.uid


def _save_as(monkeypatch, path: Path) -> None:
    """The file dialog answers ``path`` (the native dialog is the platform's, not ours)."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def _click(qtbot, button) -> None:
    qtbot.waitUntil(lambda: button.isVisible() and button.isEnabled())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_product_column_names_the_lines_item(
    qtbot, station, appraiser_session, controller, tmp_path
):
    _lot(station, appraiser_session, tmp_path)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = _lots_page(qtbot, controller.window)
    assert _cell(page.model, LOT_COLUMNS, 0, "product") == "Maison Lune Rouge 24"
    assert page.detail.title.text().startswith("Maison Lune Rouge 24 · ")


def test_print_labels_for_every_unit_to_a_cups_queue(
    qtbot, station, appraiser_session, password, controller, tmp_path, cups_queue
):
    uid = _accepted_lot(station, appraiser_session, password, tmp_path, quantity=30)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = _lots_page(qtbot, controller.window)
    assert not page.detail.labels.isVisible()  # no unit label yet: nothing to count
    _click(qtbot, page.detail.buttons["labels"])
    dialog = page.lot_actions.dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and "0 of 30" in dialog.counts.text())
    kind = dialog.kind
    kind.setFocus()
    while kind.currentData() != "cups-pdf":
        qtbot.keyClick(kind, Qt.Key.Key_Down)
    dialog.queue.setFocus()
    qtbot.keyClick(dialog.queue, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.queue, cups_queue.name)
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "All 30 unit labels" in dialog.status.text(), timeout=60_000)
    qtbot.waitUntil(lambda: "30 of 30 unit labels printed" in dialog.counts.text())  # re-read
    live = unit_labels.live_units(station.store, uid)
    assert len(set(live.values())) == 30
    assert {labels.state_of(station.store, s) for s in live.values()} == {"printed"}
    flow.wait_for_job(qtbot, cups_queue)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Unit labels: 30 of 30 printed" in page.detail.labels.text())
    assert page.detail.labels.isVisible()


def test_a_supervisor_acknowledges_a_flag_with_a_note(
    qtbot, station, appraiser_session, supervisor, password, controller, tmp_path
):
    uid = _accepted_lot(station, appraiser_session, password, tmp_path)
    flag = _flagged(station, supervisor, tmp_path, uid)
    flow.sign_in(qtbot, controller, supervisor)
    page = _lots_page(qtbot, controller.window)
    assert "⚠" in page.detail.flags.text() and not page.detail.buttons["labels"].isEnabled()
    assert "acknowledged" in page.detail.why.text()
    _click(qtbot, page.detail.buttons["acknowledge"])
    dialog = page.lot_actions.dialog
    qtbot.waitUntil(dialog.isVisible)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert "Write a note" in dialog.error.text()  # nothing acknowledged without one
    assert plausibility.blocking_flags(station.store, uid)
    qtbot.keyClicks(dialog.note, "Importer showed the second factory's licence")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not plausibility.blocking_flags(station.store, uid)
    (done,) = plausibility.flags(station.store, uid)
    assert done.uid == flag and done.ack_note == "Importer showed the second factory's licence"
    qtbot.waitUntil(lambda: "Acknowledged:" in page.detail.flags.text())
    qtbot.waitUntil(page.detail.buttons["labels"].isEnabled)


def test_a_supervisor_saves_the_lot_report(
    qtbot, station, appraiser_session, supervisor, password, controller, tmp_path, monkeypatch
):
    uid = _accepted_lot(station, appraiser_session, password, tmp_path)
    out = tmp_path / "out" / "lot-report.pdf"
    out.parent.mkdir()
    _save_as(monkeypatch, out)
    flow.sign_in(qtbot, controller, supervisor)
    page = _lots_page(qtbot, controller.window)
    _click(qtbot, page.detail.buttons["report"])
    qtbot.waitUntil(lambda: "Lot report saved" in page.message.text(), timeout=30_000)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert uid in text


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_supervisor_exports_the_scorecard(
    qtbot, station, supervisor, password, controller, tmp_path, monkeypatch, suffix
):
    lot = _lot(station, supervisor, tmp_path)
    out = tmp_path / f"scorecard.{suffix}"
    _save_as(monkeypatch, out)
    flow.sign_in(qtbot, controller, supervisor)
    card = _scorecard(qtbot, controller.window)
    assert _cell(card.model, SCORE_COLUMNS, 0, "product") == "Maison Lune Rouge 24"
    _click(qtbot, card.export_button)
    qtbot.waitUntil(lambda: card.message.text().startswith("Saved"), timeout=30_000)
    if suffix == "csv":
        assert lot["gtin"].lstrip("0") in out.read_text(encoding="utf-8-sig")
    else:
        sheet = openpyxl.load_workbook(out).active
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
        assert any(lot["gtin"].lstrip("0") in c for c in cells)


def test_an_appraiser_is_offered_no_supervisor_action(
    qtbot, station, appraiser_session, password, controller, tmp_path
):
    _accepted_lot(station, appraiser_session, password, tmp_path)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = _lots_page(qtbot, controller.window)
    qtbot.waitUntil(lambda: "Accepted" in page.detail.state.text())
    buttons = page.detail.buttons
    for name in ("override", "acknowledge", "report"):
        assert not buttons[name].isVisible(), name
    assert not page.tabs.isTabVisible(1)  # the supplier scorecard is a supervisor's
    assert buttons["labels"].isVisible() and buttons["labels"].isEnabled()
    busy_station.go_to(qtbot, controller.window, "lots")  # still offered nothing on return
    assert not buttons["override"].isVisible()
